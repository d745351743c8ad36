"""For the bench/*_runs.sh scripts (run from the repository root):
scenarios/ota-campaign-100k.yaml scaled to n meters, and the same with a
network.topology of two access nodes 2 ms from the core, the HSS 1 ms from
it and one platform node `node` behind a link of its own."""

MODULE = "  write_module: {workers: 64, service_time: 20ms, submit_rate: 2000, burst: 200}\n"

TOPOLOGY = """  topology:
    nodes:
      - {name: ran-a, kind: ran_mme}
      - {name: ran-b, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: %(node)s, kind: platform}
    links:
      - {name: a-core, from: ran-a, to: core, latency: 2ms}
      - {name: b-core, from: ran-b, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-%(node)s, from: core, to: %(node)s, latency: %(latency)s, bandwidth: %(bandwidth)s}
"""


def scaled(n):
    return open("scenarios/ota-campaign-100k.yaml").read().replace("count: 100000\n", "count: %d\n" % n, 1)


def with_platform_node(text, node, latency, bandwidth):
    topology = TOPOLOGY % {"node": node, "latency": latency, "bandwidth": bandwidth}
    return text.replace("network:\n", "network:\n" + topology, 1)
