#pragma once
// The frame shared by the proactive command codecs (TS 102 223 §6.6): the
// 'D0' BER-TLV around command details, device identities and the rest.
#include "cardcore/cat/object_list.hpp"
#include "cardcore/cat/proactive_commands.hpp"

namespace cardcore::cat::detail {

// Starts a command: command details, then device identities UICC -> `to`.
Bytes begin_command(std::uint8_t number, std::uint8_t type, std::uint8_t qualifier, std::uint8_t to);
// Wraps the data objects in the 'D0' BER-TLV.
Bytes finish_command(const Bytes& objects);

struct Frame {
  ObjectList objects;
  CommandDetails details;
  DeviceIdentities devices;
};
// Checks the frame (check_proactive_command) and the type of command.
Decoded<Frame> read_frame(ByteView command, std::uint8_t type);
// A read frame's error, else `wrong_destination` when its device identities
// do not name `destination` (§8.7), else nullptr.
inline const char* check_destination(const Decoded<Frame>& f, std::uint8_t destination,
                                     const char* wrong_destination) {
  if (!f.ok()) return f.error;
  if (f.value.devices.destination != destination) return wrong_destination;
  return nullptr;
}

}  // namespace cardcore::cat::detail
