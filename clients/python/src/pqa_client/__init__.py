"""Python client of the pqa power-quality service (``pqa serve``, proto/pqa/v1).

    from pqa_client import PqaClient

    with PqaClient.connect("central:50051", token_file="operator.token",
                           ca_file="ca.pem") as pqa:
        for point in pqa.list_points():
            sets = pqa.sets(point.point_id)
            print(point.point_id, [s.drp_pct for s in sets.voltage_sets])
        for update in pqa.subscribe(["feeder-12"], records=True):
            print(update.cursor, update.record.start)   # resumes by itself

The messages are the generated ``pqa.v1`` classes (``pqa.v1.record_pb2.Record``
...); their fields and units are documented in the .proto files.
"""
from pqa_client.client import PqaClient, PqaError

__all__ = ["PqaClient", "PqaError"]
