#include "host/service/query_service.h"

#include <iterator>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "host/common/version.h"
#include "host/prodist/compliance.h"
#include "host/prodist/steady_state.h"
#include "host/prodist/vtcd_report_proto.h"
#include "host/prodist/vtcd_summary.h"
#include "host/report/report_html.h"
#include "host/service/indicator_sets.h"
#include "host/service/point_evaluation.h"
#include "host/service/registry_service.h"

namespace pqa::service {
namespace {

grpc::Status Invalid(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

// Authorizes an operator read of a registered point.
absl::StatusOr<pqa::v1::MeasurementPoint> ReadablePoint(ServiceContext& ctx,
                                                        const grpc::ServerContext& context,
                                                        const std::string& point_id) {
  if (auto caller = ctx.tokens->Authorize(context, Role::kOperator); !caller.ok()) {
    return caller.status();
  }
  if (absl::Status s = ValidatePointId(point_id, "point_id"); !s.ok()) return s;
  return ctx.store->GetPoint(point_id);
}

// The page token is the start (ns) of the next item: pagination by key, so a
// page stays stable while records arrive.
absl::StatusOr<TimeNs> PageStart(const std::string& token, TimeNs period_start) {
  if (token.empty()) return period_start;
  TimeNs t = 0;
  if (!absl::SimpleAtoi(token, &t) || t < period_start) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_token: not a token of this query: '", token, "'"));
  }
  return t;
}

// Bytes of records or events a page carries at most: 3 MiB, a margin under
// the 4 MiB message limit (server.h) for the rest of the response.
constexpr std::size_t kMaxPageBytes = 3 << 20;

constexpr int kEvaluationLimit = 10'000'000;  // records loaded for one evaluation (~190 years)
// VTCD events a store query reads while a report collects its period's events:
// item 88 c merges events within 3 minutes, so a page holds weeks of events
// even at a point disturbed all the time.
constexpr int kReportEventPage = 10'000;

// Loads the point's 10-minute records of the period and evaluates them.
struct Evaluation {
  prodist::PointConfig config;
  std::vector<prodist::TimedRecord> records;
  pqa::v1::ComplianceResult result;
};
absl::StatusOr<Evaluation> Evaluate(ServiceContext& ctx, const pqa::v1::MeasurementPoint& point,
                                    const PeriodNs& period) {
  auto config = ResolveRegisteredPoint(point);
  if (!config.ok()) return config.status();
  auto records = ctx.store->ListRecords(point.point_id(), period.start_ns, period.end_ns,
                                        kTenMinutesNs, kEvaluationLimit);
  if (!records.ok()) return records.status();
  if (records->empty()) {
    return absl::OutOfRangeError(
        absl::StrCat("point '", point.point_id(), "' has no 10-minute records in the period"));
  }
  Evaluation e{*std::move(config), ToTimedRecords(*records), {}};
  e.result = prodist::EvaluateCompliance(e.records, e.config);
  return e;
}

// The common head of a query: an operator reading a registered point over a
// valid period.
struct PointPeriod {
  pqa::v1::MeasurementPoint point;
  PeriodNs period;
};
absl::StatusOr<PointPeriod> ReadPointPeriod(ServiceContext& ctx, const grpc::ServerContext& context,
                                            const std::string& point_id,
                                            const pqa::v1::Period& period) {
  auto point = ReadablePoint(ctx, context, point_id);
  if (!point.ok()) return point.status();
  auto parsed = ParsePeriod(period, absl::ToUnixNanos(absl::Now()));
  if (!parsed.ok()) return parsed.status();
  return PointPeriod{*std::move(point), *parsed};
}

// A paginated query: the point, where this page starts (ns) and its size.
struct Page {
  PointPeriod head;
  TimeNs from_ns = 0;
  int size = 0;  // 1..max
};
absl::StatusOr<Page> StartPage(ServiceContext& ctx, const grpc::ServerContext& context,
                               const std::string& point_id, const pqa::v1::Period& period,
                               const std::string& page_token, int page_size, int default_size,
                               int max_size) {
  auto head = ReadPointPeriod(ctx, context, point_id, period);
  if (!head.ok()) return head.status();
  const int size = page_size == 0 ? default_size : page_size;
  if (size < 1 || size > max_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: expected 0..", max_size, ", got ", page_size));
  }
  auto from = PageStart(page_token, head->period.start_ns);
  if (!from.ok()) return from.status();
  return Page{*std::move(head), *from, size};
}

}  // namespace

absl::StatusOr<PeriodNs> ParsePeriod(const pqa::v1::Period& period, TimeNs now) {
  PeriodNs p{std::numeric_limits<TimeNs>::min() / 2, now};
  if (!period.start().empty()) {
    auto t = ParseRfc3339(period.start());
    if (!t.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("period.start: expected RFC 3339 UTC, got '", period.start(), "'"));
    }
    p.start_ns = *t;
  }
  if (!period.end().empty()) {
    auto t = ParseRfc3339(period.end());
    if (!t.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("period.end: expected RFC 3339 UTC, got '", period.end(), "'"));
    }
    p.end_ns = *t;
  }
  if (p.end_ns <= p.start_ns) {
    return absl::InvalidArgumentError("period.end: expected after period.start");
  }
  return p;
}

absl::StatusOr<std::vector<pqa::v1::VtcdEvent>> ReadPeriodEvents(storage::Store& store,
                                                                 const std::string& point_id,
                                                                 const PeriodNs& period,
                                                                 int page_size) {
  if (page_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: expected >= 1, got ", page_size));
  }
  std::vector<pqa::v1::VtcdEvent> events;
  TimeNs from = period.start_ns;
  int limit = page_size;
  for (;;) {
    auto page = store.ListEvents(point_id, from, period.end_ns, limit);
    if (!page.ok()) return page.status();
    std::size_t keep = page->size();
    TimeNs last_start = 0;
    if (static_cast<int>(page->size()) == limit) {
      // A full page may have cut the events of its last start (the store's
      // key is start and duration): keep those before it, read it again.
      auto last = storage::EventKey(page->back());
      if (!last.ok()) return last.status();
      last_start = last->start_ns;
      for (; keep > 0; --keep) {
        auto key = storage::EventKey((*page)[keep - 1]);
        if (!key.ok()) return key.status();
        if (key->start_ns < last_start) break;
      }
      if (keep == 0) {
        // The whole page starts at one instant: read that instant in a larger page.
        if (limit > std::numeric_limits<int>::max() / 2) {
          return absl::ResourceExhaustedError(absl::StrCat("point '", point_id, "': more than ",
                                                           limit, " events start at ",
                                                           FormatRfc3339(last_start)));
        }
        limit *= 2;
        continue;
      }
    }
    events.insert(events.end(), std::make_move_iterator(page->begin()),
                  std::make_move_iterator(page->begin() + static_cast<std::ptrdiff_t>(keep)));
    if (keep == page->size()) return events;  // a short page: the period's last
    from = last_start;
    limit = page_size;
  }
}

grpc::Status QueryService::ListRecords(grpc::ServerContext* context,
                                       const pqa::v1::ListRecordsRequest* request,
                                       pqa::v1::ListRecordsResponse* response) {
  TimeNs length = 0;
  const std::string& interval = request->interval();
  if (interval.empty() || interval == "10min") {
    length = kTenMinutesNs;
  } else if (interval == "2h") {
    length = kTwoHoursNs;
  } else if (interval == "150cycle") {
    length = 3 * kNsPerSecond;  // 150 cycles at 50 Hz / 180 at 60 Hz: 3 s nominal
  } else {
    return Invalid(absl::StrCat("interval: expected 10min, 2h or 150cycle, got '", interval, "'"));
  }
  auto page = StartPage(*ctx_, *context, request->point_id(), request->period(),
                        request->page_token(), request->page_size(), 1008, 5000);
  if (!page.ok()) return ToGrpc(page.status());
  const int page_size = page->size;
  auto records = ctx_->store->ListRecords(request->point_id(), page->from_ns,
                                          page->head.period.end_ns, length, page_size + 1);
  if (!records.ok()) return ToGrpc(records.status());
  if (records->empty() && request->page_token().empty()) {
    return grpc::Status(
        grpc::StatusCode::OUT_OF_RANGE,
        absl::StrCat("point '", request->point_id(), "' has no ",
                     interval.empty() ? "10min" : interval, " records in the period"));
  }
  // A page also ends before the records it holds would pass kMaxPageBytes
  // (records with every harmonic order are ~1.5 kB each), so that it fits
  // the 4 MiB message limit; the next page starts at the first one left out.
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < records->size(); ++i) {
    const std::size_t size = (*records)[i].ByteSizeLong() + 8;  // tag and length of the entry
    if (static_cast<int>(i) == page_size || (i > 0 && bytes + size > kMaxPageBytes)) {
      response->set_next_page_token(absl::StrCat(storage::RecordKey((*records)[i])->start_ns));
      break;
    }
    bytes += size;
    *response->add_records() = std::move((*records)[i]);
  }
  return grpc::Status::OK;
}

grpc::Status QueryService::ListEvents(grpc::ServerContext* context,
                                      const pqa::v1::ListEventsRequest* request,
                                      pqa::v1::ListEventsResponse* response) {
  // Events are keyed by (start, duration), so several may share a start: the
  // token is "START" or "START+SKIP", SKIP events at START already returned.
  // (A start alone would repeat them on the next page, and never get past
  // more events at one start than a page holds.)
  std::string token = request->page_token();
  std::int64_t skip = 0;
  if (auto plus = token.find('+'); plus != std::string::npos) {
    if (!absl::SimpleAtoi(token.substr(plus + 1), &skip) || skip < 0 || skip > 1'000'000) {
      return Invalid(absl::StrCat("page_token: not a token of this query: '", token, "'"));
    }
    token.resize(plus);
  }
  auto page = StartPage(*ctx_, *context, request->point_id(), request->period(), token,
                        request->page_size(), 500, 5000);
  if (!page.ok()) return ToGrpc(page.status());
  const int page_size = page->size;
  auto events =
      ctx_->store->ListEvents(request->point_id(), page->from_ns, page->head.period.end_ns,
                              page_size + 1 + static_cast<int>(skip));
  if (!events.ok()) return ToGrpc(events.status());
  std::size_t first = 0;
  for (; first < events->size() && static_cast<std::int64_t>(first) < skip; ++first) {
    if (storage::EventKey((*events)[first])->start_ns != page->from_ns) break;
  }
  const std::size_t end = std::min(events->size(), first + page_size);
  if (end < events->size()) {
    const TimeNs next = storage::EventKey((*events)[end])->start_ns;
    std::int64_t at_next = next == page->from_ns ? static_cast<std::int64_t>(first) : 0;
    for (std::size_t i = first; i < end; ++i) {
      at_next += storage::EventKey((*events)[i])->start_ns == next;
    }
    response->set_next_page_token(at_next > 0 ? absl::StrCat(next, "+", at_next)
                                              : absl::StrCat(next));
  }
  for (std::size_t i = first; i < end; ++i) *response->add_events() = std::move((*events)[i]);
  return grpc::Status::OK;
}

grpc::Status QueryService::GetSets(grpc::ServerContext* context,
                                   const pqa::v1::GetSetsRequest* request,
                                   pqa::v1::GetSetsResponse* response) {
  auto head = ReadPointPeriod(*ctx_, *context, request->point_id(), request->period());
  if (!head.ok()) return ToGrpc(head.status());
  // Sets are maintained at ingest (indicator_sets.h): a query reads the
  // stored rows whose last reading ends in the period.
  auto sets = ctx_->sets->Read(*ctx_->store, request->point_id(), head->period.start_ns,
                               head->period.end_ns);
  if (!sets.ok()) return ToGrpc(sets.status());
  if (!sets->has_records) {
    return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                        absl::StrCat("point '", request->point_id(), "' has no 10-minute records"));
  }
  // Spec section 4: a set needs 1,008 valid readings. Fewer is a
  // measurement still running, not an error (issue 17): OK with no set and
  // the count towards the next one, which an operation center watches grow.
  response->set_point_id(request->point_id());
  for (auto& v : sets->voltage) *response->add_voltage_sets() = std::move(v);
  for (auto& d : sets->disturbance) *response->add_disturbance_sets() = std::move(d);
  response->set_pending_readings(sets->pending_readings);
  return grpc::Status::OK;
}

grpc::Status QueryService::GetMonthly(grpc::ServerContext* context,
                                      const pqa::v1::GetMonthlyRequest* request,
                                      pqa::v1::GetMonthlyResponse* response) {
  auto point = ReadablePoint(*ctx_, *context, request->point_id());
  if (!point.ok()) return ToGrpc(point.status());
  auto month_start = [](const std::string& month,
                        const std::string& field) -> absl::StatusOr<TimeNs> {
    auto t = ParseRfc3339(month + "-01T00:00:00Z");
    if (month.size() != 7 || !t.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": expected YYYY-MM, got '", month, "'"));
    }
    return *t;
  };
  if (!request->from_month().empty()) {
    if (auto t = month_start(request->from_month(), "from_month"); !t.ok())
      return ToGrpc(t.status());
  }
  if (!request->to_month().empty()) {
    if (auto t = month_start(request->to_month(), "to_month"); !t.ok()) return ToGrpc(t.status());
  }
  // A month's values depend on the sets that ended in it and on earlier
  // months (item 33 carries compensation over), so they come from all the
  // point's steady-state sets -- the ones kept at ingest, equal to the
  // engine's (indicator_sets.h) -- and are then filtered by month name
  // ("YYYY-MM" compares in time order as text). No record is read.
  auto config = ResolveRegisteredPoint(*point);
  if (!config.ok()) return ToGrpc(config.status());
  auto sets =
      ctx_->sets->Read(*ctx_->store, request->point_id(), std::numeric_limits<TimeNs>::min() / 2,
                       std::numeric_limits<TimeNs>::max() / 2);
  if (!sets.ok()) return ToGrpc(sets.status());
  if (!sets->has_records) {
    return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                        absl::StrCat("point '", request->point_id(), "' has no 10-minute records"));
  }
  response->set_point_id(request->point_id());
  for (const auto& m : prodist::MonthlyVoltageIndicators(sets->voltage, *config)) {
    if (!request->from_month().empty() && m.month() < request->from_month()) continue;
    if (!request->to_month().empty() && m.month() > request->to_month()) continue;
    *response->add_months() = m;
  }
  if (response->months().empty()) {
    return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                        "no monthly values in the months asked for");
  }
  return grpc::Status::OK;
}

grpc::Status QueryService::GetReport(grpc::ServerContext* context,
                                     const pqa::v1::GetReportRequest* request,
                                     pqa::v1::GetReportResponse* response) {
  auto head = ReadPointPeriod(*ctx_, *context, request->point_id(), request->period());
  if (!head.ok()) return ToGrpc(head.status());
  auto lang = report::ParseLang(request->lang().empty() ? "pt-BR" : request->lang());
  if (!lang.ok()) return Invalid(absl::StrCat("lang: ", lang.status().message()));
  auto e = Evaluate(*ctx_, head->point, head->period);
  if (!e.ok()) return ToGrpc(e.status());
  // The VTCD part as `pqa report --events` makes it: the events starting in
  // the period, summarized over the evaluated records. Always read, since
  // GetReportResponse.vtcd carries it with or without the HTML.
  auto events = ReadPeriodEvents(*ctx_->store, request->point_id(), head->period, kReportEventPage);
  if (!events.ok()) return ToGrpc(events.status());
  auto vtcd = prodist::SummarizeVtcdOverRecords(*events, e->config, e->records);
  if (!vtcd.ok()) {
    // Stored data the summary rejects (e.g. an unknown type): the request
    // is valid, the report cannot be made until the event is corrected.
    return grpc::Status(
        grpc::StatusCode::FAILED_PRECONDITION,
        absl::StrCat("point '", request->point_id(),
                     "': the VTCD events of the period (numbered as ListEvents returns them) "
                     "cannot be summarized: ",
                     vtcd.status().message()));
  }
  if (request->include_html()) {
    // Traceability: what the report was made from (the stored rows of the
    // period, no files).
    report::Traceability trace;
    trace.version = PqaVersion();
    trace.generated = absl::ToUnixNanos(absl::Now());
    trace.options = {"Query.GetReport", "point_id=" + request->point_id(),
                     "period.start=" + request->period().start(),
                     "period.end=" + request->period().end(), "lang=" + request->lang()};
    report::ReportInput input;
    input.lang = *lang;
    input.trace = &trace;
    input.point = &e->config;
    input.records = &e->records;
    input.result = &e->result;
    input.events = &*events;
    input.vtcd = &*vtcd;
    response->set_html(report::RenderReportHtml(input));
  }
  *response->mutable_vtcd() = prodist::ToVtcdReport(*vtcd, *events);
  *response->mutable_result() = std::move(e->result);
  return grpc::Status::OK;
}

}  // namespace pqa::service
