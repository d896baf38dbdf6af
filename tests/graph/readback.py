#!/usr/bin/python3
"""Reads dealgraph's exports back with networkx and python-igraph and checks
that every attribute is there with the Python type a user would expect.

usage: readback.py GRAPHML JSON GEXF [CSV_NODES]

Types differ by format where the reader decides, not us: GraphML declares
counts "long" (int in networkx; python-igraph keeps every number as float),
networkx's GraphML reader drops empty strings, and networkx reads GEXF's
native edge weight as float.
"""
import csv
import json
import math
import os
import re
import sys

import igraph
import networkx as nx

VERTEX = {"label": str, "type": str, "parent": str, "mentions": int, "documents": int,
          "first_seen": str, "last_seen": str, "degree": int, "weighted_degree": int,
          "pagerank": float, "betweenness": float, "community": int}
EDGE = {"relation": str, "weight": int, "directed": bool, "status": str,
        "status_history": str, "first_seen": str, "last_seen": str,
        "amount_total": float, "currency": str, "currency_mixed": bool,
        "evidence": str, "sources": str, "source_count": int, "rules": str}
STATUSES = {"announced", "completed", "planned", "rumored", "ended", "denied"}
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def check_types(where, data, spec, overrides=None, empty_dropped=False):
    spec = dict(spec, **(overrides or {}))
    for name, typ in spec.items():
        if name not in data and empty_dropped and typ is str:
            continue  # networkx's GraphML reader drops <data> with empty text
        if name not in data:
            check(False, f"{where}: missing attribute {name}")
            continue
        val = data[name]
        # bool is a subclass of int: insist on the exact type
        check(type(val) is typ, f"{where}: {name}={val!r} is {type(val).__name__}, want {typ.__name__}")


def check_values(where, nodes, edges):
    total = sum(p for p in (d["pagerank"] for d in nodes) if isinstance(p, float))
    check(abs(total - 1.0) < 1e-6, f"{where}: pagerank sums to {total}")
    for d in edges:
        check(d.get("status") in STATUSES, f"{where}: status {d['status']!r}")
        check(d["weight"] >= 1, f"{where}: weight {d['weight']}")
        check(d["source_count"] == d["weight"], f"{where}: source_count != weight")
        hist = d["status_history"]
        check(re.fullmatch(r"[a-z]+:\d+(;[a-z]+:\d+)*", hist) is not None,
              f"{where}: status_history {hist!r}")
        check(d.get("sources", "") != "", f"{where}: empty sources")


def graphml(path):
    g = nx.read_graphml(path)
    nodes = [d for _, d in g.nodes(data=True)]
    edges = [d for *_, d in g.edges(data=True)]
    for n, d in g.nodes(data=True):
        check_types(f"graphml(networkx) node {n}", d, VERTEX, empty_dropped=True)
    for u, v, d in g.edges(data=True):
        check_types(f"graphml(networkx) edge {u}-{v}", d, EDGE, empty_dropped=True)
    check_values("graphml(networkx)", nodes, edges)
    ig = igraph.Graph.Read_GraphML(path)
    check(ig.vcount() == g.number_of_nodes(), "graphml: igraph and networkx disagree on nodes")
    check(ig.ecount() == g.number_of_edges(), "graphml: igraph and networkx disagree on edges")
    # python-igraph keeps every number as float and booleans as bool
    num = {k: (float if t in (int, float) else t) for k, t in VERTEX.items()}
    enum = {k: (float if t in (int, float) else t) for k, t in EDGE.items()}
    for vx in ig.vs:
        check_types(f"graphml(igraph) vertex {vx.index}", vx.attributes(), num)
    for e in ig.es:
        check_types(f"graphml(igraph) edge {e.index}", e.attributes(), enum)
    for e in ig.es:
        check(float(e["weight"]).is_integer(), "graphml(igraph): weight not whole")
    return {d["label"] for d in nodes}, len(edges)


def node_link(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data)
    for n, d in g.nodes(data=True):
        check_types(f"json node {n}", d, VERTEX)
        check(d["label"] == n, f"json: id {n!r} is not the label")
    edges = [d for *_, d in g.edges(data=True)]
    for d in edges:
        check_types("json edge", d, EDGE)
    check_values("json", [d for _, d in g.nodes(data=True)], edges)
    check(len(edges) == len(data["links"]), "json: networkx lost links (multigraph flag?)")
    return set(g.nodes), len(edges)


def gexf(path):
    try:
        g = nx.read_gexf(path)
    except nx.NetworkXError:
        # networkx before 3.0 knows GEXF 1.1 and 1.2 only; 1.3 differs from
        # 1.2 in ways these files do not use, so read it under the 1.2 name
        with open(path, encoding="utf-8") as f:
            text = f.read().replace("http://gexf.net/1.3", "http://www.gexf.net/1.2draft")
        tmp = path + ".as12.gexf"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            g = nx.read_gexf(tmp)
        finally:
            os.unlink(tmp)
    nodes = []
    for n, d in g.nodes(data=True):
        check_types(f"gexf node {n}", d, VERTEX)
        nodes.append(d)
        if d["first_seen"]:
            check(d.get("start") == d["first_seen"], f"gexf node {n}: start != first_seen")
    edges = []
    for u, v, d in g.edges(data=True):
        # networkx reads GEXF's native weight as float
        check_types(f"gexf edge {u}-{v}", d, EDGE, {"weight": float})
        edges.append(dict(d, weight=int(d["weight"])))
    check_values("gexf", nodes, edges)
    return {d["label"] for d in nodes}


def csv_tables(path):
    base = os.path.basename(path)
    if "nodes" in base:
        i = path.rfind("nodes")
        epath = path[:i] + "edges" + path[i + 5:]
    else:
        epath = (path[:-4] if path.lower().endswith(".csv") else path) + ".edges.csv"
    with open(path, newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(epath, newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    for r in nodes:
        check(set(VERTEX) <= set(r), f"csv nodes: columns {sorted(r)}")
        int(r["mentions"]), float(r["pagerank"])
    ids = {r["id"] for r in nodes}
    for r in edges:
        check(r["source"] in ids and r["target"] in ids, f"csv edge {r['source']}-{r['target']}")
        check(r["directed"] in ("true", "false"), "csv: directed")
        int(r["weight"])
    return ids, len(edges)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    names_g, ne_g = graphml(sys.argv[1])
    names_j, ne_j = node_link(sys.argv[2])
    names_x = gexf(sys.argv[3])
    check(names_g == names_j == names_x, "formats disagree on the organizations")
    check(ne_g == ne_j, f"graphml has {ne_g} edges, json {ne_j}")
    if len(sys.argv) > 4:
        names_c, ne_c = csv_tables(sys.argv[4])
        check(names_c == names_g and ne_c == ne_g, "csv disagrees with graphml")
    for f in failures:
        print("readback:", f, file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"readback: {len(names_g)} organizations, {ne_g} edges: all attributes typed")


if __name__ == "__main__":
    main()
