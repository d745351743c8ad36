#pragma once
// SGP.02's numeric status codes (§5.1.6: the Subject Code and Reason Code of
// a FunctionExecutionStatus's StatusCodeData) for the models' words
// (function_result.hpp). Only the codes whose number and meaning were
// checked against a reproduction of SGP.02's table, or against two other
// sources that agree (status_code.cpp names them), are here (README.md,
// "JSON encodings and traces"); a word without one keeps no number.
#include <optional>
#include <string_view>

namespace twinmodels::platform {

// The Subject Code of a subject ("EID" -> "8.1.1"), none when the table has
// no entry for it.
std::optional<std::string_view> subject_code(std::string_view subject);
// The Reason Code of a reason; the words before " (" name it ("Refused
// (not disabled)" -> "3.8").
std::optional<std::string_view> reason_code(std::string_view reason);
// SGP.02's own words for a code ("8.1.1" -> "EID", "3.8" -> "Refused");
// none for a number the table does not have.
std::optional<std::string_view> subject_of_code(std::string_view code);
std::optional<std::string_view> reason_of_code(std::string_view code);

}  // namespace twinmodels::platform
