#pragma once
// The tables of run file schema version 1 (layout in run_file.hpp, units and
// reading recipes in docs/RUN-FILE.md). Changing a column here changes the
// schema: bump kRunFileSchemaVersion.
#include "twinsim/recorder/column_spec.hpp"

namespace twinsim::recorder {

// Column indices, in the order of the specs below.
namespace event_col {
enum : std::size_t { t, device, kind, value };
}
namespace device_col {
enum : std::size_t {
  device,
  population,
  attached,
  attaches,
  auth_failures,
  sync_failures,
  nvm_programs,
  max_erase_count,
  state_bytes
};
}
namespace platform_col {
enum : std::size_t { t, queue, served, rejected, busy };
}
namespace apdu_col {
enum : std::size_t { t, device, direction, bytes };
}
namespace expectation_col {
enum : std::size_t { metric, op, target, value, passed };
}
namespace chip_audit_col {
enum : std::size_t { t, device, chip, actor, action, from, to, detail };
}
namespace wear_col {
enum : std::size_t { device, population, programs, worn_s, too_hot_s, charge_lost_s, lost_page, failed_s };
}
namespace checkpoint_col {
enum : std::size_t { t, requested_s, events, apdus, file };
}
namespace progress_col {
enum : std::size_t { t, campaign, released, attempts, delivered, expired, sms_failed, retries, done, failed };
}

inline constexpr ColumnSpec kEventColumns[] = {
    {"t", ColumnType::F64, "s", "simulated time of the event"},
    {"device", ColumnType::U32, "1", "device index"},
    {"kind", ColumnType::Kind, "1", "event kind (HDF5 enum; names in the attribute kinds)"},
    {"value", ColumnType::I64, "1", "event value (meaning depends on the kind)"},
};

inline constexpr ColumnSpec kDeviceColumns[] = {
    {"device", ColumnType::U32, "1", "device index"},
    {"population", ColumnType::U16, "1", "index of the device's population in the scenario"},
    {"attached", ColumnType::Bool, "1", "attached to the network at the end of the run"},
    {"attaches", ColumnType::U32, "count", "successful network attaches"},
    {"auth_failures", ColumnType::U32, "count", "failed authentications"},
    {"sync_failures", ColumnType::U32, "count", "authentication synchronisation failures (AUTS)"},
    {"nvm_programs", ColumnType::U64, "count", "NVM page programs"},
    {"max_erase_count", ColumnType::U32, "count", "highest erase count of an NVM page"},
    {"state_bytes", ColumnType::U32, "bytes", "memory held by the card's state"},
};

inline constexpr ColumnSpec kPlatformColumns[] = {
    {"t", ColumnType::F64, "s", "simulated time of the sample"},
    {"queue", ColumnType::U64, "count", "requests waiting at the sample time"},
    {"served", ColumnType::U64, "count", "requests served since the previous sample"},
    {"rejected", ColumnType::U64, "count", "requests rejected since the previous sample"},
    {"busy", ColumnType::F64, "fraction", "fraction of the cores busy since the previous sample"},
};

inline constexpr ColumnSpec kApduColumns[] = {
    {"t", ColumnType::F64, "s", "simulated time of the APDU"},
    {"device", ColumnType::U32, "1", "device index"},
    {"direction", ColumnType::U8, "1", "0 = command (terminal to card), 1 = response"},
    {"bytes", ColumnType::Bytes, "bytes", "the APDU's bytes"},
};

inline constexpr ColumnSpec kExpectationColumns[] = {
    {"metric", ColumnType::Text, "1", "metric name"},
    {"op", ColumnType::Text, "1", "comparison operator"},
    {"target", ColumnType::F64, "1", "target value, in the metric's units"},
    {"value", ColumnType::F64, "1", "measured value, in the metric's units"},
    {"passed", ColumnType::Bool, "1", "the expectation was met"},
};

// The chip management platform's audit trail (the source document §3.2.3;
// twinmodels/platform/chip_lifecycle.hpp): only in runs with
// platforms.chip_management, so a run without it has no such group.
inline constexpr ColumnSpec kChipAuditColumns[] = {
    {"t", ColumnType::F64, "s", "simulated time of the step"},
    {"device", ColumnType::U32, "1", "device index of the chip's card"},
    {"chip", ColumnType::Text, "1", "chip id: the eUICC's EID or the domestic card's ICCID"},
    {"actor", ColumnType::Text, "1", "the party that took the step, role:id"},
    {"action", ColumnType::Text, "1", "the lifecycle step"},
    {"from", ColumnType::Text, "1", "the chip's state before the step; empty for its first"},
    {"to", ColumnType::Text, "1", "the chip's state after the step"},
    {"detail", ColumnType::Text, "1", "what the step concerned: numbers, parties, profiles"},
};

// The write-card campaigns' completion table (twinsim/engine/
// campaign_progress.hpp): only in runs with write-card campaigns.
inline constexpr ColumnSpec kCampaignProgressColumns[] = {
    {"t", ColumnType::F64, "s", "end of the one-minute bin: the counts are those up to this time"},
    {"campaign", ColumnType::U16, "1", "index of the write-card campaign in the scenario"},
    {"released", ColumnType::U64, "count", "orders the write-card platform handed the write module"},
    {"attempts", ColumnType::U64, "count", "the campaign's packets submitted to the SMSC (the write module's attempts)"},
    {"delivered", ColumnType::U64, "count", "of those messages, delivered (RP-ACK)"},
    {"expired", ColumnType::U64, "count", "of those messages, discarded at the end of their validity"},
    {"sms_failed", ColumnType::U64, "count", "of those messages, given up after a permanent error"},
    {"retries", ColumnType::U64, "count", "orders the write module queued again after an attempt without a good PoR"},
    {"done", ColumnType::U64, "count", "orders done: the card's PoR said 00 or 01"},
    {"failed", ColumnType::U64, "count", "orders the write module gave up"},
};

// The cards' wear (twinsim/engine/card_wear.hpp): only in runs with a
// population with a temperature; a row per device of those populations.
inline constexpr ColumnSpec kWearColumns[] = {
    {"device", ColumnType::U32, "1", "device index"},
    {"population", ColumnType::U16, "1", "index of the device's population in the scenario"},
    {"programs", ColumnType::U64, "count", "NVM page programs the environment saw (failed ones included)"},
    {"worn_s", ColumnType::F64, "s", "first program failed by a page worn past its endurance; NaN: none"},
    {"too_hot_s", ColumnType::F64, "s", "first program failed outside the grade's temperature range; NaN: none"},
    {"charge_lost_s", ColumnType::F64, "s", "first cell that lost its charge, when the card was next used; NaN: none"},
    {"lost_page", ColumnType::U32, "1", "the data page of that cell (0 when none)"},
    {"failed_s", ColumnType::F64, "s", "the module declared the card failed: memory problem ('6581'); NaN: never"},
};

// The checkpoints the run wrote (docs/CHECKPOINTS.md): only in runs that
// wrote one; a row per checkpoint, in the order written.
inline constexpr ColumnSpec kCheckpointColumns[] = {
    {"t", ColumnType::F64, "s", "simulated time of the state saved (after the network drained)"},
    {"requested_s", ColumnType::F64, "s", "the time the checkpoint was asked for"},
    {"events", ColumnType::U64, "count", "rows of /events recorded before the checkpoint"},
    {"apdus", ColumnType::U64, "count", "rows of /apdu recorded before the checkpoint"},
    {"file", ColumnType::Text, "1", "the checkpoint file"},
};

// Time-ordered tables use t as their dimension scale (the engine writes rows
// in simulated-time order); /devices uses the device index and
// /expectations the metric name. Chunks: 64 Ki rows for the big tables;
// fewer for the small ones, whose buffers (one set per platform) would
// otherwise hold megabytes for a few thousand rows.
inline constexpr TableSpec kEventsTable{kEventColumns, event_col::t, 65536};
inline constexpr TableSpec kDevicesTable{kDeviceColumns, device_col::device, 65536};
inline constexpr TableSpec kPlatformTable{kPlatformColumns, platform_col::t, 4096};
inline constexpr TableSpec kApduTable{kApduColumns, apdu_col::t, 4096};
inline constexpr TableSpec kExpectationsTable{kExpectationColumns, expectation_col::metric, 256};
inline constexpr TableSpec kChipAuditTable{kChipAuditColumns, chip_audit_col::t, 4096};
inline constexpr TableSpec kCampaignProgressTable{kCampaignProgressColumns, progress_col::t, 4096};
inline constexpr TableSpec kWearTable{kWearColumns, wear_col::device, 65536};
inline constexpr TableSpec kCheckpointsTable{kCheckpointColumns, checkpoint_col::t, 256};

}  // namespace twinsim::recorder
