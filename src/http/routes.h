#pragma once
// The API of `siklus serve`: builds the router over the one route table in routes.cpp.

#include <memory>

#include "care/service.h"
#include "coverage/service.h"
#include "growth/growth.h"
#include "http/registry_handlers.h"
#include "http/router.h"
#include "http/static_files.h"
#include "monitoring/service.h"
#include "transport/service.h"

namespace siklus::http {

struct ApiOptions {
  SessionCookieOptions cookie;
  //! JKN coverage endpoints (coverage_handlers.h) when set; must outlive the router.
  coverage::CoverageService* coverage = nullptr;
  //! Life-cycle care endpoints (care_handlers.h) when set; must outlive the router.
  care::CareService* care = nullptr;
  //! The WHO growth reference in use (growth endpoints) when set; must outlive the router.
  growth::ReferenceSource* growth = nullptr;
  //! The live PWS endpoints (pws_handlers.h) when set; must outlive the router.
  monitoring::MonitoringService* pws = nullptr;
  //! Jemput Sakit Antar Sehat endpoints (transport_handlers.h) when set; must outlive the router.
  transport::TransportService* transport = nullptr;
};

//! The router for the whole API (docs/api.md) plus the web app in `web` (may be null).
//! `registry` must outlive the router.
std::unique_ptr<Router> make_api_router(registry::Registry& registry,
                                        std::shared_ptr<const StaticFiles> web,
                                        ApiOptions options = {});

}  // namespace siklus::http
