"""Release files: the graph in the standard serialisations, and its VoID/DCAT description.

Deterministic: the same sources give byte-identical files: every file is written by Oxigraph
from the quads sorted, with fixed prefixes (rdflib's Turtle writer rewrites some literals, e.g.
"1"^^xsd:decimal as 1.0, so it is not used for release files). Each file round-trips to a graph
isomorphic to the sources (tests check this).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .sources import GRAPH_BASE

BASE = "https://w3id.org/charterkg/"
DATASET = BASE + "dataset"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

NAMESPACES = {
    "ckg": "https://w3id.org/charterkg/ontology#",
    "inst": "https://w3id.org/charterkg/id/instrument/",
    "state": "https://w3id.org/charterkg/id/state/",
    "org": "https://w3id.org/charterkg/id/org/",
    "graph": GRAPH_BASE,
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}

FILES = {
    "turtle": "charterkg.ttl",
    "ntriples": "charterkg.nt",
    "nquads": "charterkg.nq",
    "trig": "charterkg.trig",
    "jsonld": "charterkg.jsonld",
    "context": "context.jsonld",
    "void": "void.ttl",
}


def _bind(g) -> None:
    for prefix, ns in NAMESPACES.items():
        g.bind(prefix, ns, override=True, replace=True)


def _sorted_lines(quads, fmt) -> bytes:
    data = ox.serialize(quads, format=fmt)
    lines = sorted(set(data.decode("utf-8").splitlines()))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def context() -> dict:
    return {"@context": dict(NAMESPACES)}


def build(kg, out) -> str:
    """Write the release files into ``out``; return a summary for people."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = kg.store
    quads = list(store.quads())
    triples = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]

    (out / FILES["nquads"]).write_bytes(_sorted_lines(quads, ox.RdfFormat.N_QUADS))
    (out / FILES["ntriples"]).write_bytes(_sorted_lines(triples, ox.RdfFormat.N_TRIPLES))

    prefixes = dict(NAMESPACES)
    ordered = sorted(quads, key=_key)
    ordered_triples = sorted({(q.subject, q.predicate, q.object) for q in quads},
                             key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    graph_triples = [ox.Triple(*t) for t in ordered_triples]
    (out / FILES["turtle"]).write_bytes(
        ox.serialize(graph_triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    (out / FILES["trig"]).write_bytes(
        ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=prefixes))
    ctx = context()
    (out / FILES["context"]).write_text(json.dumps(ctx, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")
    (out / FILES["jsonld"]).write_bytes(
        ox.serialize(graph_triples, format=ox.RdfFormat.JSON_LD, prefixes=prefixes))

    void = describe(kg, quads)
    _bind(void)
    (out / FILES["void"]).write_text(void.serialize(format="turtle"), encoding="utf-8")

    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    distinct = len({(q.subject, q.predicate, q.object) for q in quads})
    return (f"wrote {len(FILES)} files to {out}/: {distinct} triples in {len(graphs)} named "
            f"graphs ({', '.join(FILES[k] for k in FILES)})")


def describe(kg, quads):
    """The VoID / DCAT description of the dataset."""
    import rdflib
    from rdflib import RDF, XSD, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, VOID

    g = rdflib.Graph()
    ds = URIRef(DATASET)
    distinct = {(q.subject, q.predicate, q.object) for q in quads}
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("charterkg: the law of collective security", lang="en")))
    g.add((ds, DCTERMS.license, URIRef(LICENSE)))
    g.add((ds, rdflib.OWL.versionInfo, Literal(__version__)))
    g.add((ds, VOID.triples, Literal(len(distinct), datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(len({t[0] for t in distinct}), datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((ds, VOID.vocabulary, URIRef("https://w3id.org/charterkg/ontology#")))
    for key in ("turtle", "ntriples", "nquads", "trig", "jsonld"):
        g.add((ds, VOID.dataDump, URIRef(BASE + "dist/" + FILES[key])))
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    classes = Counter(t[2].value for t in distinct if t[1].value == rdf_type)
    for cls, n in sorted(classes.items()):
        part = URIRef(DATASET + "/class/" + cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    per_graph = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
    for name, n in sorted(per_graph.items()):
        sub = URIRef(name)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
    for name in kg.catalog.names():
        q = kg.catalog.get(name)
        ex = URIRef(BASE + "queries/" + name)
        g.add((ds, VOID.exampleResource, ex))
        g.add((ex, DCTERMS.title, Literal(q.summary, lang="en")))
    return g
