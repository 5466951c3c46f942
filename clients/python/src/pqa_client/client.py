"""The client: one gRPC channel to ``pqa serve`` with a bearer token, and a
method per thing an operation centre asks for. Paginated queries are
iterators that fetch the next page as they go; ``subscribe`` reconnects after
a broken stream or a draining server and resumes after the last cursor it
delivered, so an update is neither lost nor delivered twice.
"""
from __future__ import annotations

import time
from typing import Iterator, List, Optional, Sequence, Union

import grpc

from pqa.v1 import (compliance_pb2, event_pb2, query_pb2, query_pb2_grpc, record_pb2,
                    registry_pb2, registry_pb2_grpc, subscription_pb2,
                    subscription_pb2_grpc)

PathOrBytes = Union[str, bytes]

# Codes after which a subscription is resumed: the service went away or is
# restarting (a draining server ends subscriptions with UNAVAILABLE).
_RESUMABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
              grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)


class PqaError(Exception):
    """A call the service refused: ``code`` (grpc.StatusCode) and its message,
    which names the field for INVALID_ARGUMENT."""

    def __init__(self, method: str, code: grpc.StatusCode, details: str) -> None:
        super().__init__(f"{method}: {code.name}: {details}")
        self.method = method
        self.code = code
        self.details = details


def _read(value: Optional[PathOrBytes]) -> Optional[bytes]:
    """PEM given as bytes, or a file name."""
    if value is None or isinstance(value, bytes):
        return value
    with open(value, "rb") as f:
        return f.read()


class PqaClient:
    """A connection to one ``pqa serve`` (or a load balancer in front of replicas).

    ``target`` is HOST:PORT. TLS is the default: ``ca`` is the CA certificate
    (PEM bytes or a file name) that signed the service's certificate (None:
    the system's CAs); ``cert``/``key`` a client certificate for mutual TLS.
    ``insecure=True`` connects in plaintext (local tests only). ``timeout``
    is the deadline of each unary call, seconds.
    """

    def __init__(self, target: str, token: str, *, ca: Optional[PathOrBytes] = None,
                 cert: Optional[PathOrBytes] = None, key: Optional[PathOrBytes] = None,
                 insecure: bool = False, timeout: float = 30.0) -> None:
        if not token:
            raise ValueError("token: the service needs a bearer token for every call")
        self._metadata = (("authorization", "Bearer " + token),)
        self._timeout = timeout
        self.last_cursor: str = ""  # cursor of the last update subscribe() yielded
        if insecure:
            self._channel = grpc.insecure_channel(target)
        else:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read(ca), private_key=_read(key),
                certificate_chain=_read(cert))
            self._channel = grpc.secure_channel(target, credentials)
        self._registry = registry_pb2_grpc.PointRegistryStub(self._channel)
        self._query = query_pb2_grpc.QueryStub(self._channel)
        self._subscription = subscription_pb2_grpc.SubscriptionStub(self._channel)

    @classmethod
    def connect(cls, target: str, *, token: Optional[str] = None,
                token_file: Optional[str] = None, ca_file: Optional[str] = None,
                cert_file: Optional[str] = None, key_file: Optional[str] = None,
                insecure: bool = False, wait: float = 10.0) -> "PqaClient":
        """Opens a client and waits up to ``wait`` seconds for the service to
        answer; PqaError (UNAVAILABLE, with the reason: connection refused, or
        "certificate verify failed" for a CA that did not sign the service's
        certificate) when it does not. The token is given as text or read
        from ``token_file`` (as ``pqa push --token-file``)."""
        if token is None:
            if token_file is None:
                raise ValueError("give token or token_file")
            with open(token_file) as f:
                token = f.read().strip()
        client = cls(target, token, ca=ca_file, cert=cert_file, key=key_file, insecure=insecure)
        try:
            grpc.channel_ready_future(client._channel).result(timeout=wait)
        except grpc.FutureTimeoutError:
            # A call that does not wait for the connection fails at once with
            # the reason: refused, unreachable, or a certificate the CA did
            # not sign ("certificate verify failed": retrying cannot help).
            try:
                client._registry.GetPoint(registry_pb2.GetPointRequest(), timeout=1)
            except grpc.RpcError as e:
                client.close()
                raise PqaError("connect", e.code(), f"{target}: {e.details()}") from None
            client.close()
            raise
        return client

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "PqaClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, stub_method, request, name: str):
        try:
            return stub_method(request, metadata=self._metadata, timeout=self._timeout)
        except grpc.RpcError as e:
            raise PqaError(name, e.code(), e.details()) from None

    # Registry ---------------------------------------------------------------

    def list_points(self) -> List[registry_pb2.MeasurementPoint]:
        """Every registered point, ordered by id (all pages)."""
        points: List[registry_pb2.MeasurementPoint] = []
        request = registry_pb2.ListPointsRequest(page_size=1000)
        while True:
            page = self._call(self._registry.ListPoints, request, "ListPoints")
            points.extend(page.points)
            if not page.next_page_token:
                return points
            request.page_token = page.next_page_token

    def get_point(self, point_id: str) -> registry_pb2.MeasurementPoint:
        return self._call(self._registry.GetPoint,
                          registry_pb2.GetPointRequest(point_id=point_id), "GetPoint")

    def create_point(self, point: registry_pb2.MeasurementPoint) -> registry_pb2.MeasurementPoint:
        """Admin role. The service checks the whole configuration and answers
        INVALID_ARGUMENT naming the field (raised as PqaError)."""
        return self._call(self._registry.CreatePoint,
                          registry_pb2.CreatePointRequest(point=point), "CreatePoint")

    def update_point(self, point: registry_pb2.MeasurementPoint,
                     expected_revision: int = 0) -> registry_pb2.MeasurementPoint:
        """Admin role; FAILED_PRECONDITION when the point is no longer at
        ``expected_revision`` (0 skips the check)."""
        return self._call(self._registry.UpdatePoint,
                          registry_pb2.UpdatePointRequest(point=point,
                                                          expected_revision=expected_revision),
                          "UpdatePoint")

    # Queries ----------------------------------------------------------------

    def records(self, point_id: str, start: str = "", end: str = "", interval: str = "10min",
                page_size: int = 0) -> Iterator[record_pb2.Record]:
        """The point's records whose interval starts in [start, end) (RFC 3339
        UTC; "" for open ends), in time order, fetched a page at a time."""
        request = query_pb2.ListRecordsRequest(point_id=point_id, interval=interval,
                                               page_size=page_size)
        request.period.start, request.period.end = start, end
        while True:
            page = self._call(self._query.ListRecords, request, "ListRecords")
            yield from page.records
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def events(self, point_id: str, start: str = "", end: str = "",
               page_size: int = 0) -> Iterator[event_pb2.VtcdEvent]:
        """The point's VTCD events starting in [start, end), in time order."""
        request = query_pb2.ListEventsRequest(point_id=point_id, page_size=page_size)
        request.period.start, request.period.end = start, end
        while True:
            page = self._call(self._query.ListEvents, request, "ListEvents")
            yield from page.events
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def sets(self, point_id: str, start: str = "", end: str = "") -> query_pb2.GetSetsResponse:
        """The closed 1,008-reading sets whose last reading ends in [start, end).

        With no set closed yet the lists are empty (not an error) and
        pending_readings counts the valid readings towards the next set."""
        request = query_pb2.GetSetsRequest(point_id=point_id)
        request.period.start, request.period.end = start, end
        return self._call(self._query.GetSets, request, "GetSets")

    def monthly(self, point_id: str, from_month: str = "",
                to_month: str = "") -> List[compliance_pb2.MonthlyVoltage]:
        """Monthly DRP/DRC and compensation (items 26.6 c, 29-33), "YYYY-MM" bounds."""
        response = self._call(self._query.GetMonthly,
                              query_pb2.GetMonthlyRequest(point_id=point_id,
                                                          from_month=from_month,
                                                          to_month=to_month), "GetMonthly")
        return list(response.months)

    def report(self, point_id: str, start: str = "", end: str = "",
               include_html: bool = False) -> query_pb2.GetReportResponse:
        """The measurement report of the period: compliance data, the VTCD part,
        and the self-contained HTML page when asked for."""
        request = query_pb2.GetReportRequest(point_id=point_id, include_html=include_html)
        request.period.start, request.period.end = start, end
        return self._call(self._query.GetReport, request, "GetReport")

    # Subscriptions ----------------------------------------------------------

    def subscribe(self, point_ids: Sequence[str], *, records: bool = False,
                  events: bool = False, sets: bool = False, violations: bool = False,
                  cursor: str = "", resume: bool = True, max_backoff: float = 5.0,
                  give_up_after: Optional[float] = None) -> Iterator[subscription_pb2.Update]:
        """New records, events, sets and violations of the points, as they are
        stored. ``cursor`` resumes after an earlier update ("" starts now).

        After a disconnect or a draining server (UNAVAILABLE) the client
        subscribes again with the cursor of the last update it yielded, waiting
        100 ms doubling to ``max_backoff`` s between attempts; ``give_up_after``
        seconds without a successful reconnection raise the last error (None:
        never). Other errors (OUT_OF_RANGE for a cursor older than the
        retained log, NOT_FOUND, PERMISSION_DENIED...) are raised as PqaError.
        ``self.last_cursor`` holds the cursor of the last update yielded.
        """
        self.last_cursor = cursor
        backoff = 0.1
        failing_since: Optional[float] = None
        while True:
            request = subscription_pb2.SubscribeRequest(
                point_ids=list(point_ids), records=records, events=events, sets=sets,
                violations=violations, resume_cursor=self.last_cursor)
            stream = self._subscription.Subscribe(request, metadata=self._metadata)
            try:
                for update in stream:
                    failing_since, backoff = None, 0.1
                    self.last_cursor = update.cursor
                    yield update
                return  # ended by the service without error: nothing more to follow
            except grpc.RpcError as e:
                if not resume or e.code() not in _RESUMABLE:
                    raise PqaError("Subscribe", e.code(), e.details()) from None
                now = time.monotonic()
                failing_since = failing_since or now
                if give_up_after is not None and now - failing_since > give_up_after:
                    raise PqaError("Subscribe", e.code(), e.details()) from None
                time.sleep(backoff)
                backoff = min(backoff * 2, max_backoff)
            finally:
                stream.cancel()
