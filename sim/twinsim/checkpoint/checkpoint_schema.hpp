#pragma once
// The tables of checkpoint version 2 (layout in checkpoint_file.hpp).
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
enum : std::size_t { device, kind, mux, epoch, rand, auts, answer_lost };
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
    {"kind", ColumnType::U8, "1", "0 vector, 1 resync"},
    {"mux", ColumnType::U8, "1", "multiplexer to answer"},
    {"epoch", ColumnType::U8, "1", "the device's power epoch"},
    {"rand", ColumnType::Bytes, "bytes", "resync: the RAND the card answered (16 bytes)"},
    {"auts", ColumnType::Bytes, "bytes", "resync: the card's AUTS (14 bytes)"},
    {"answer_lost", ColumnType::Bool, "1", "a lossy link drops the answer on its way back"},
};

inline constexpr ColumnSpec kEventColumns[] = {
    {"t", ColumnType::I64, "us", "simulated time of the step"},
    {"device", ColumnType::U32, "1", "device index"},
    {"step", ColumnType::U8, "1", "0 power on, 1 wake, 2 retry, 3 fault, 4 timeout"},
    {"epoch", ColumnType::U8, "1", "the device's power epoch when scheduled"},
    {"fault", ColumnType::U16, "1", "step 3: index of the scenario's fault"},
};

inline constexpr TableSpec kDevicesTable{kDeviceColumns, device_col::device, 65536};
inline constexpr TableSpec kCardsTable{kCardColumns, 0, 1 << 20};
inline constexpr TableSpec kRequestsTable{kRequestColumns, request_col::device, 4096};
inline constexpr TableSpec kEventsTable{kEventColumns, event_col::device, 65536};

}  // namespace twinsim::checkpoint
