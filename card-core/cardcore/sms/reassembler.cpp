#include "cardcore/sms/reassembler.hpp"

#include <algorithm>
#include <string>

#include "cardcore/sms/sms_error.hpp"

namespace cardcore::sms {

Reassembler::Reassembler(std::uint64_t timeout_ms, std::size_t max_sets)
    : timeout_ms_(timeout_ms), max_sets_(std::max<std::size_t>(max_sets, 1)) {}

IncompleteMessage Reassembler::describe(const Set& s) {
  IncompleteMessage m;
  m.originator = s.originator;
  m.reference = s.key.reference;
  m.sixteen_bit_reference = s.key.sixteen_bit_reference;
  m.total = s.key.total;
  for (unsigned seq = 1; seq <= s.key.total; ++seq)
    (s.parts.count(static_cast<std::uint8_t>(seq)) ? m.received : m.missing).push_back(static_cast<std::uint8_t>(seq));
  m.first_ms = s.first_ms;
  m.last_ms = s.last_ms;
  return m;
}

Reassembler::Result Reassembler::add(const Address& originator, const UserData& ud, std::uint64_t now_ms) {
  Result result;
  const std::optional<Concatenation> c = ud.header ? concatenation_of(*ud.header) : std::nullopt;
  if (!c) {
    ReassembledMessage m;
    m.originator = originator;
    if (ud.header) m.header = *ud.header;
    m.body = ud.body;
    result.message = std::move(m);
    return result;
  }
  const std::string ref = "reference " + std::to_string(c->reference);
  if (c->total == 0) throw SmsError("concatenation", 0, ref + ": maximum number of short messages 0 (§9.2.3.24.1)");
  if (c->sequence == 0 || c->sequence > c->total)
    throw SmsError("concatenation", c->sequence,
                   ref + ": sequence number " + std::to_string(c->sequence) + " outside 1.." +
                       std::to_string(c->total) + " (§9.2.3.24.1)");

  auto same_set = [&](const Set& s) {
    return s.originator == originator && s.key.reference == c->reference &&
           s.key.sixteen_bit_reference == c->sixteen_bit_reference;
  };
  auto it = std::find_if(sets_.begin(), sets_.end(), same_set);
  Part part{without_concatenation(*ud.header), ud.body};
  if (it != sets_.end()) {
    if (it->key.total != c->total)
      throw SmsError("concatenation", c->sequence,
                     ref + ": segment " + std::to_string(c->sequence) + " says " + std::to_string(c->total) +
                         " short messages, earlier segments said " + std::to_string(it->key.total));
    if (const auto held = it->parts.find(c->sequence); held != it->parts.end()) {
      if (!(held->second == part))
        throw SmsError("concatenation", c->sequence,
                       ref + ": segment " + std::to_string(c->sequence) + " received twice with different contents");
      it->last_ms = now_ms;
      result.duplicate = true;
      return result;
    }
  } else {
    if (sets_.size() >= max_sets_) {
      auto oldest = std::min_element(sets_.begin(), sets_.end(),
                                     [](const Set& a, const Set& b) { return a.last_ms < b.last_ms; });
      result.evicted = describe(*oldest);
      sets_.erase(oldest);
    }
    Set s;
    s.originator = originator;
    s.key = *c;
    s.first_ms = now_ms;
    sets_.push_back(std::move(s));
    it = sets_.end() - 1;
  }
  it->parts.emplace(c->sequence, std::move(part));
  it->last_ms = now_ms;
  if (it->parts.size() < it->key.total) return result;

  ReassembledMessage m;
  m.originator = it->originator;
  m.concatenation = it->key;
  m.concatenation->sequence = 0;
  m.header = it->parts.begin()->second.header;  // segment 1
  for (const auto& [seq, p] : it->parts) m.body.insert(m.body.end(), p.body.begin(), p.body.end());
  sets_.erase(it);
  result.message = std::move(m);
  return result;
}

std::vector<IncompleteMessage> Reassembler::expire(std::uint64_t now_ms) {
  std::vector<IncompleteMessage> out;
  for (auto it = sets_.begin(); it != sets_.end();) {
    if (now_ms > it->last_ms && now_ms - it->last_ms > timeout_ms_) {
      out.push_back(describe(*it));
      it = sets_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<IncompleteMessage> Reassembler::pending() const {
  std::vector<IncompleteMessage> out;
  for (const Set& s : sets_) out.push_back(describe(s));
  return out;
}

}  // namespace cardcore::sms
