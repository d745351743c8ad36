#pragma once
// The part of a checkpoint that runs with device_model modem populations add
// (docs/CHECKPOINTS.md, "Runs with modem devices"): the ModemWorld.
//
//   /modem        attributes: submitted (campaign releases made), the SMS
//                 counters (sms_*, ota_por_*), the modem counters and the
//                 write module's at the last platform sample (write_sampled_*)
//   /modem/slots/{next_activity,proc_seq,conn_seq,connected,state_offset,state_size}
//                                         one row per modem device
//   /modem/states/bytes                   each modem's Modem::save_state()
//   /modem/reach/<p>/{idle_since,flags}   the MME's reachability view of population p
//   /modem/cells/{mux,cell,tat,requests,admitted,rejected,max_delay}
//   /modem/procedures/{device,kind,subscriber,rand,autn,xres,synch_failures,
//                      reject_cause,connection_kind,resync,auts}
//   /modem/messages/{id,device,campaign}  what each message in the SMSC is
//   /modem/delivering/{device,id}         MT SMS on their way to devices
//   /modem/smsc/bytes                     the SMSC's Smsc::save_state()
//   /modem/write_module/bytes             with campaigns: WriteModule::save_state()
#include <string>

#include "twinsim/checkpoint/checkpoint_io.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim::checkpoint {

// Writes /modem for a world with modem devices.
void write_modem_world(Writer& w, const World& world);
// Restores world.modem from /modem. Throws CheckpointError naming `path`.
void restore_modem_world(const std::string& path, hid_t root, World& world);

}  // namespace twinsim::checkpoint
