#pragma once
// The tables of checkpoint version 6 (layout in checkpoint_file.hpp).
// Changing a column here changes the format: bump kCheckpointVersion.
#include "twinsim/recorder/column_spec.hpp"

namespace twinsim::checkpoint {

using recorder::ColumnSpec;
using recorder::ColumnType;
using recorder::TableSpec;

namespace device_col {
enum : std::size_t { device, rng_position, attaches, auth_failures, sync_failures, population, retries, state,
                     ever_attached, epoch, power_loss_fault, card_offset, card_size };
}
namespace request_col {
enum : std::size_t { device, subscriber, kind, mux, epoch, tag, rand, auts, answer_lost, asked };
}
namespace event_col {
enum : std::size_t { t, device, step, epoch, fault };
}

inline constexpr ColumnSpec kDeviceColumns[] = {
    {"device", ColumnType::U32, "1", "device index"},
    {"rng_position", ColumnType::U64, "1", "position in the device's random stream"},
    {"attaches", ColumnType::U32, "count", "successful authentications"},
    {"auth_failures", ColumnType::U32, "count", "failed authentications"},
    {"sync_failures", ColumnType::U32, "count", "synchronisation failures"},
    {"population", ColumnType::U16, "1", "population index"},
    {"retries", ColumnType::U8, "count", "consecutive rejections"},
    {"state", ColumnType::U8, "1", "DeviceState: 0 off, 1 waiting vector, 2 waiting resync, 3 attached, 4 down"},
    {"ever_attached", ColumnType::Bool, "1", "authenticated at least once"},
    {"epoch", ColumnType::U8, "1", "power epoch: steps and answers of older epochs are void"},
    {"power_loss_fault", ColumnType::U16, "1", "armed power-loss fault (65535: none)"},
    {"card_offset", ColumnType::U64, "bytes", "where the card's state starts in /cards/bytes"},
    {"card_size", ColumnType::U32, "bytes", "length of the card's state (cardcore::Uicc::save_state)"},
};

// The card states of all devices one after another: a byte stream, so that
// the states, alike from card to card, compress (about 10:1) across devices.
inline constexpr ColumnSpec kCardColumns[] = {
    {"bytes", ColumnType::U8, "1", "card states, device after device"},
};

inline constexpr ColumnSpec kRequestColumns[] = {
    {"device", ColumnType::U32, "1", "device index"},
    {"subscriber", ColumnType::U32, "1", "the HSS's subscriber (the device's own, or its new subscription's)"},
    {"kind", ColumnType::U8, "1", "0 vector, 1 resync"},
    {"mux", ColumnType::U8, "1", "multiplexer to answer"},
    {"epoch", ColumnType::U8, "1", "the device's power epoch"},
    {"tag", ColumnType::U16, "1", "modem devices: the MME procedure the answer belongs to"},
    {"rand", ColumnType::Bytes, "bytes", "resync: the RAND the card answered (16 bytes)"},
    {"auts", ColumnType::Bytes, "bytes", "resync: the card's AUTS (14 bytes)"},
    {"answer_lost", ColumnType::Bool, "1", "a lossy link drops the answer on its way back"},
    {"asked", ColumnType::I64, "us", "when the device (or its MME) asked: its timer runs from then"},
};

inline constexpr ColumnSpec kEventColumns[] = {
    {"t", ColumnType::I64, "us", "simulated time of the step"},
    {"device", ColumnType::U32, "1", "device index"},
    {"step", ColumnType::U8, "1", "Step: 0 power on, 1 wake, 2 retry, 3 fault, 4 timeout; 5-15 modem devices' steps"},
    {"epoch", ColumnType::U8, "1", "the device's power epoch when scheduled"},
    {"fault", ColumnType::U16, "1", "step 3: index of the scenario's fault; modem steps: procedure, connection or timer"},
};

// ---- runs with device_model modem populations (/modem, modem_checkpoint.cpp)

namespace slot_col {
enum : std::size_t { next_activity, proc_seq, conn_seq, connected, state_offset, state_size };
}
namespace reach_col {
enum : std::size_t { idle_since, flags };
}
namespace cell_col {
enum : std::size_t { mux, cell, tat, requests, admitted, rejected, max_delay };
}
namespace procedure_col {
enum : std::size_t { device, kind, subscriber, rand, autn, xres, synch_failures, reject_cause, connection_kind, resync, auts, t3346 };
}
namespace congestion_col {
enum : std::size_t { mux, tat, admitted, rejected };
}
namespace message_col {
enum : std::size_t { id, device, campaign, attempt };
}
namespace delivering_col {
enum : std::size_t { device, id };
}

// One row per modem device, in slot order (populations in order, devices
// in order within each).
inline constexpr ColumnSpec kSlotColumns[] = {
    {"next_activity", ColumnType::I64, "us", "its next own activity (0: none drawn yet)"},
    {"proc_seq", ColumnType::U16, "1", "MME procedure number"},
    {"conn_seq", ColumnType::U16, "1", "RRC connection number"},
    {"connected", ColumnType::Bool, "1", "its RRC connection is up"},
    {"state_offset", ColumnType::U64, "bytes", "where its modem's state starts in /modem/states/bytes"},
    {"state_size", ColumnType::U32, "bytes", "length of its modem's state (twinmodels::modem::Modem::save_state)"},
};
inline constexpr ColumnSpec kStateBytesColumns[] = {
    {"bytes", ColumnType::U8, "1", "saved model states, one after another"},
};
inline constexpr ColumnSpec kReachColumns[] = {
    {"idle_since", ColumnType::I64, "us", "when the UE last went idle (MmeReachability)"},
    {"flags", ColumnType::U8, "1", "1 attached, 2 connected, 4 reachability notification requested"},
};
inline constexpr ColumnSpec kCellColumns[] = {
    {"mux", ColumnType::U8, "1", "the multiplexer whose access node has the cell"},
    {"cell", ColumnType::U16, "1", "the cell's index in its tracking area"},
    {"tat", ColumnType::I64, "us", "the admission token bucket's theoretical arrival time"},
    {"requests", ColumnType::U64, "count", "RRC connection requests"},
    {"admitted", ColumnType::U64, "count", "admitted"},
    {"rejected", ColumnType::U64, "count", "rejected"},
    {"max_delay", ColumnType::I64, "us", "the longest wait for a slot"},
};
inline constexpr ColumnSpec kProcedureColumns[] = {
    {"device", ColumnType::U32, "1", "device index"},
    {"kind", ColumnType::U8, "1", "0 attach, 1 connection (TAU or service request)"},
    {"subscriber", ColumnType::U32, "1", "the HSS's subscriber of the IMSI the device named"},
    {"rand", ColumnType::Bytes, "bytes", "the last challenge's RAND (16 bytes)"},
    {"autn", ColumnType::Bytes, "bytes", "its AUTN (16 bytes)"},
    {"xres", ColumnType::Bytes, "bytes", "its XRES (8 bytes)"},
    {"synch_failures", ColumnType::U8, "count", "synch failures in a row"},
    {"reject_cause", ColumnType::U8, "1", "EMM cause of an ATTACH REJECT on its way (0: none)"},
    {"connection_kind", ColumnType::U8, "1", "Connected event value of a connection"},
    {"resync", ColumnType::Bool, "1", "the next HSS request is a resync"},
    {"auts", ColumnType::Bytes, "bytes", "the AUTS of that resync (14 bytes)"},
    {"t3346", ColumnType::U16, "1", "T3346 value octet (GPRS timer 2) of an ATTACH REJECT #22 on its way; 65535: none"},
};
inline constexpr ColumnSpec kCongestionColumns[] = {
    {"mux", ColumnType::U8, "1", "the multiplexer whose access node's MME it is"},
    {"tat", ColumnType::I64, "us", "NAS congestion control: the attach token bucket's theoretical arrival time"},
    {"admitted", ColumnType::U64, "count", "attach requests admitted"},
    {"rejected", ColumnType::U64, "count", "rejected with #22 and T3346"},
};
inline constexpr ColumnSpec kMessageColumns[] = {
    {"id", ColumnType::U64, "1", "the SMSC's message id"},
    {"device", ColumnType::U32, "1", "destination device"},
    {"campaign", ColumnType::U16, "1", "the campaign that submitted it"},
    {"attempt", ColumnType::U8, "1", "a write-card message: the write module's attempt it carries (0: an SM-SR's)"},
};
inline constexpr ColumnSpec kDeliveringColumns[] = {
    {"device", ColumnType::U32, "1", "device an MT SMS is on its way to"},
    {"id", ColumnType::U64, "1", "the SMSC's message id"},
};

inline constexpr TableSpec kSlotsTable{kSlotColumns, slot_col::state_offset, 65536};
inline constexpr TableSpec kStateBytesTable{kStateBytesColumns, 0, 1 << 20};
inline constexpr TableSpec kReachTable{kReachColumns, reach_col::idle_since, 65536};
inline constexpr TableSpec kCellsTable{kCellColumns, cell_col::mux, 4096};
inline constexpr TableSpec kProceduresTable{kProcedureColumns, procedure_col::device, 65536};
inline constexpr TableSpec kCongestionTable{kCongestionColumns, congestion_col::mux, 4096};
inline constexpr TableSpec kMessagesTable{kMessageColumns, message_col::id, 65536};
inline constexpr TableSpec kDeliveringTable{kDeliveringColumns, delivering_col::device, 65536};

inline constexpr TableSpec kDevicesTable{kDeviceColumns, device_col::device, 65536};
inline constexpr TableSpec kCardsTable{kCardColumns, 0, 1 << 20};
inline constexpr TableSpec kRequestsTable{kRequestColumns, request_col::device, 4096};
inline constexpr TableSpec kEventsTable{kEventColumns, event_col::device, 65536};

}  // namespace twinsim::checkpoint
