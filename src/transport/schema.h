#pragma once
// The transport module's tables (transport_vehicle, transport_driver, transport_shift,
// transport_trip, transport_plan), migrated under the module name "transport".

#include "core/result.h"
#include "store/database.h"

namespace siklus::transport {

//! Brings the transport tables up to date; safe to call on every open.
Status migrate_transport(store::Database& db);

}  // namespace siklus::transport
