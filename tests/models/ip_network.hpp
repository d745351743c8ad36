#pragma once
// The IP network between a device's BIP channel and the SM-SRs' admin
// servers (SGP.02 §2.4.4: the eUICC's HTTPS session to the SM-SR): the
// modem's OpenBearer reaches the SM-SR whose admin server has the
// destination address (TS 102 223 §8.58) and the link is up 100 ms later
// (ChannelLinkEstablished), its SendChannelData go to that
// connection, the server's answers come back as ChannelDataReceived, and
// CloseBearer ends the connection. A destination no server has: the link
// drops 100 ms later.
#include "modem_harness.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {

struct IpNetwork {
  struct Server {
    cardcore::Bytes ipv4;
    platform::SmSr* smsr = nullptr;
    std::size_t connections = 0;  // accepted
    bool down = false;            // its SM-SR crashed: nothing listens
  };
  std::vector<Server> servers;
  std::size_t unreachable = 0;    // OpenBearer to an address without a server
  std::size_t refused_down = 0;   // OpenBearer to a server whose SM-SR is down
  std::size_t cut = 0;            // connections a crash cut, found at the card's next send
  std::size_t closes = 0;         // CloseBearer of an accepted connection
  std::size_t bytes_up = 0, bytes_down = 0;
  // Called before each SendChannelData reaches its server (a test's crash).
  std::function<void(IpNetwork&)> before_send;

  void add(const cardcore::Bytes& ipv4, platform::SmSr& smsr) { servers.push_back({ipv4, &smsr, 0}); }
  const Server* server(const cardcore::Bytes& ipv4) const {
    for (const Server& s : servers)
      if (s.ipv4 == ipv4) return &s;
    return nullptr;
  }

  // The server's SM-SR crashes (SmSr::https_crash): the open connection
  // to it is cut, which the card finds at its next send (the server's
  // TCP reset); until restart() it takes no connection.
  void crash(platform::SmSr& smsr) {
    for (Server& s : servers) {
      if (s.smsr == &smsr) s.down = true;
    }
    smsr.https_crash();
    if (open_ && open_->server->smsr == &smsr) open_->cut = true;
  }
  void restart(platform::SmSr& smsr) {
    for (Server& s : servers) {
      if (s.smsr == &smsr) s.down = false;
    }
    smsr.https_restart();
  }

  // Carries the device's channel from `o` until it settles; returns every
  // output seen, `o`'s first.
  std::vector<ModemOutput> run(ModemRig& rig, const std::vector<ModemOutput>& o) {
    std::deque<ModemOutput> work(o.begin(), o.end());
    std::vector<ModemOutput> all;
    for (int guard = 0; guard < 20000 && !work.empty(); ++guard) {
      const ModemOutput x = work.front();
      work.pop_front();
      all.push_back(x);
      std::vector<ModemOutput> more;
      if (const auto* ob = std::get_if<OpenBearer>(&x.action)) {
        open_.reset();
        bool down = false;
        for (Server& s : servers) {
          if (s.ipv4 == ob->destination && s.down) down = true;
          if (s.ipv4 == ob->destination && !s.down) {
            ++s.connections;
            open_ = Open{&s, s.smsr->https_accept(), ob->channel, ob->buffer_size};
          }
        }
        rig.now += 100;
        // TS 102 223 §6.4.27: the modem answers OPEN CHANNEL when the
        // connection is up, or fails it.
        if (!open_) {
          ++(down ? refused_down : unreachable);
          more = rig.in(ChannelLinkDropped{ob->channel});
        } else {
          more = rig.in(ChannelLinkEstablished{ob->channel});
        }
      } else if (const auto* sd = std::get_if<SendChannelData>(&x.action)) {
        if (!open_ || sd->channel != open_->channel) continue;
        if (before_send) before_send(*this);
        if (open_->cut) {
          ++cut;
          open_.reset();
          rig.now += 100;
          more = rig.in(ChannelLinkDropped{sd->channel});
          work.insert(work.end(), more.begin(), more.end());
          continue;
        }
        bytes_up += sd->data.size();
        const cardcore::Bytes reply = open_->server->smsr->https_receive(open_->id, sd->data);
        // TCP's flow control: no more than the channel's buffer at a time;
        // the card reads it all (RECEIVE DATA until none is left) before
        // the next part comes.
        const std::size_t part = open_->buffer == 0 ? reply.size() : open_->buffer;
        for (std::size_t at = 0; at < reply.size(); at += part) {
          const std::size_t n = std::min(part, reply.size() - at);
          bytes_down += n;
          rig.now += 50;
          const std::vector<ModemOutput> got = rig.in(ChannelDataReceived{
              open_->channel, cardcore::Bytes(reply.begin() + static_cast<std::ptrdiff_t>(at),
                                              reply.begin() + static_cast<std::ptrdiff_t>(at + n))});
          more.insert(more.end(), got.begin(), got.end());
        }
      } else if (const auto* cb = std::get_if<CloseBearer>(&x.action)) {
        if (open_ && cb->channel == open_->channel) {
          open_->server->smsr->https_closed(open_->id);
          ++closes;
          open_.reset();
        }
      }
      work.insert(work.end(), more.begin(), more.end());
    }
    EXPECT_TRUE(work.empty()) << "the channel did not settle";
    return all;
  }

 private:
  struct Open {
    Server* server = nullptr;
    std::uint32_t id = 0;
    std::uint8_t channel = 1;
    std::uint16_t buffer = 0;  // the channel's, as the modem granted it
    bool cut = false;          // by a crash of its server's SM-SR
  };
  std::optional<Open> open_;
};

}  // namespace twinmodels::testing
