#pragma once
// The platforms' log of a run (esimtwin run --platform-log FILE): every
// function request and result between the operators' platforms as the
// GSMA SGP.02 functions carry them — the MNOs' ES2 orders at the SM-DPs
// and ES4 calls at the SM-SRs, the SM-DPs' ES3 calls, the SM-SR changes'
// ES4 orders, ES7 calls and the new SM-SR's ES5 scripts, OneLink's
// requests to the foreign platforms (names ours) — and their results, and the SM-SRs' and SM-DPs' notifications (ES4, ES3, ES2),
// and OneLink's customer API's card queries (onelink_query_json.hpp: in
// JSON only; a SOAP log leaves them out, the query having no SOAP form)
// and their answers, each at the time its sender sent it (a call where its caller
// made it, a result where the platform gave it). Written at the end of the
// run in time order (lines of one millisecond in the order they were
// made), in JSON Lines or SOAP (twinmodels::platform::FunctionTrace). The
// log holds every line until then: about 1 kB per message.
#include <string>
#include <vector>

#include "twinmodels/platform/function_trace.hpp"
#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

class PlatformLog {
 public:
  void request(SimTime t, twinmodels::platform::FunctionRequest r);
  void result(SimTime t, twinmodels::platform::FunctionResult r);
  // A platform's notification (SGP.02 §5.1.3), at the time its sender sent it.
  void notification(SimTime t, twinmodels::platform::PlatformNotification n);
  // A customer's card query as it sent it, OneLink's answer as it gave it.
  void query(SimTime t, twinmodels::platform::CardQuery q);
  void query_answer(SimTime t, twinmodels::platform::CardQueryAnswer a);
  // Writes the log to `path`; throws std::runtime_error naming the file
  // when it cannot be written.
  void write(const std::string& path, twinmodels::platform::TraceEncoding encoding) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<twinmodels::platform::TraceEntry> entries_;
};

}  // namespace twinsim
