#pragma once
// The three cooperation modes with foreign operators (the source document
// §4.1.6) read off a platform graph, each as the ordered calls an export
// takes (a China Mobile eUICC handed to the foreign operator):
//   direct     the foreign operator runs its own SM-DP and SM-SR: SM-SR
//              change (ES4 to both SM-SRs, ES7 between them), then its
//              SM-DP downloads (ES2, ES3/ES8) and its SM-SR enables (ES4);
//   proxy      the same through an eSIM agent's GSMA-conformant SM
//              platform the foreign operator uses (ES2/ES4 to the agent's);
//   delegated  the foreign operator gives the number data to China Mobile's
//              SM-DP (ES2), which downloads through China Mobile's SM-SR.
// When OneLink has its interface to the foreign (or agent) platforms it is
// where the request starts. The import (the source document §2.2 国际款) is
// the reverse: a foreign operator's eUICC, on its own SM-SR or its agent's,
// handed to the home SM-SR, then the home SM-DP downloads the home
// operator's profile (import_plan()).
// cooperation_flow.hpp carries a plan out on the platform objects.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twinmodels/platform/platform_graph.hpp"

namespace twinmodels::platform {

enum class CooperationMode : std::uint8_t { Direct, Proxy, Delegated, Import };

std::string_view to_string(CooperationMode m);

struct ExportStep {
  std::string caller;
  std::string callee;
  Interface via = Interface::Es4;
  std::string function;  // "ES4.PrepareSMSRChange"
};

struct ExportPlan {
  CooperationMode mode = CooperationMode::Direct;
  std::string through;  // the party whose SM platform takes the eUICC (the foreign operator, the agent, or the home operator)
  std::vector<ExportStep> steps;
};

// Every way the graph lets `foreign` take over an eUICC that `home_smsr`
// manages, in the order direct, proxy (one per agent), delegated; empty
// when none. Throws PlatformGraphError for unknown names or a `home_smsr`
// that is not an SM-SR.
std::vector<ExportPlan> export_plans(const PlatformGraph& g, std::string_view foreign, std::string_view home_smsr);

// The import of an eUICC `foreign` (a foreign operator) manages on its own
// SM-SR, or on an eSIM agent's SM-SR it drives over ES4 (the proxy mode,
// §4.1.6; its own first), into the home SM-SR `home_smsr`: the foreign
// operator, its enabled profile's MNO, orders the SM-SR change (ES4 to
// both SM-SRs, ES7 between them), then the home operator orders its
// profile from its SM-DP (ES2, ES3) and enables it (ES4). Mode Import;
// `through` is the home operator.
// nullopt when the graph has no such path; throws PlatformGraphError as
// export_plans().
std::optional<ExportPlan> import_plan(const PlatformGraph& g, std::string_view foreign, std::string_view home_smsr);

// The plan taken up again once its SM-SR change is done (SGP.02 §3.8), for
// the operator's retry after a failed download: its steps from
// ES2.DownloadProfile on (SGP.02 §3.1), mode and `through` as they were. A
// plan without an SM-SR change comes back whole.
ExportPlan download_part(const ExportPlan& plan);

}  // namespace twinmodels::platform
