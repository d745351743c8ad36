#pragma once
// XML 1.0 character data (XML 1.0 §2.2, §2.4) for the platforms' SOAP
// envelopes and the certification's JUnit file: the markup characters, the
// line breaks and tab as references (an element stays on one line); other
// control characters and text that is not UTF-8 are refused
// (std::invalid_argument naming `where`).
#include <string>
#include <string_view>

namespace twinmodels::platform {

std::string xml_escaped(std::string_view text, const std::string& where);

}  // namespace twinmodels::platform
