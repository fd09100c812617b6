/**
 * The catalogue's triples as Turtle (n3's writer) and as JSON-LD: a flat
 * @graph of node objects, one per subject, with IRIs compacted by the
 * prefixes of the @context, so both documents carry the same triples.
 */
import { Writer, type Quad, type Term } from 'n3';
import { NAMESPACES } from './dcat-vocabulary.js';

const XSD_STRING = `${NAMESPACES.xsd}string`;
const RDF_TYPE = `${NAMESPACES.rdf}type`;

export function toTurtle(quads: readonly Quad[]): Promise<string> {
  const writer = new Writer({ format: 'text/turtle', prefixes: { ...NAMESPACES } });
  // One block per subject: its triples together, subjects in order of first mention.
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads)
    bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q]);
  writer.addQuads([...bySubject.values()].flat());
  return new Promise((resolve, reject) =>
    writer.end((error: Error | null, result: string) => (error ? reject(error) : resolve(result))),
  );
}

type JsonLdValue =
  string | { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string };
export type JsonLdNode = { '@id': string; '@type'?: string | string[] } & Record<string, unknown>;
export interface JsonLdDocument {
  '@context': Record<string, string>;
  '@graph': JsonLdNode[];
}

/** An IRI in prefix:name form where a namespace of the context covers it. */
function compact(iri: string): string {
  for (const [prefix, namespace] of Object.entries(NAMESPACES)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length) {
      const name = iri.slice(namespace.length);
      // A name with a slash or hash would not read back as the same IRI.
      if (!/[/#]/.test(name)) return `${prefix}:${name}`;
    }
  }
  return iri;
}

function jsonLdValue(object: Term): JsonLdValue {
  if (object.termType === 'NamedNode') return { '@id': compact(object.value) };
  if (object.termType === 'BlankNode') return { '@id': `_:${object.value}` };
  if (object.termType !== 'Literal') throw new Error(`No JSON-LD form for a ${object.termType}`);
  if (object.language) return { '@value': object.value, '@language': object.language };
  if (object.datatype.value === XSD_STRING) return object.value;
  return { '@value': object.value, '@type': compact(object.datatype.value) };
}

export function toJsonLd(quads: readonly Quad[]): JsonLdDocument {
  const nodes = new Map<string, JsonLdNode>();
  for (const { subject, predicate, object } of quads) {
    const id = subject.termType === 'BlankNode' ? `_:${subject.value}` : subject.value;
    let node = nodes.get(id);
    if (!node) {
      node = { '@id': id };
      nodes.set(id, node);
    }
    if (predicate.value === RDF_TYPE && object.termType === 'NamedNode') {
      const type = compact(object.value);
      const types = node['@type'];
      node['@type'] =
        types === undefined ? type : [...(Array.isArray(types) ? types : [types]), type];
      continue;
    }
    const key = compact(predicate.value);
    const values = (node[key] as JsonLdValue[] | undefined) ?? [];
    values.push(jsonLdValue(object));
    node[key] = values;
  }
  // A single value stands alone, as compacted JSON-LD writes it.
  const graph = [...nodes.values()].map(
    (node) =>
      Object.fromEntries(
        Object.entries(node).map(([key, value]) =>
          Array.isArray(value) && value.length === 1 && key !== '@type'
            ? [key, value[0]]
            : [key, value],
        ),
      ) as JsonLdNode,
  );
  return { '@context': { ...NAMESPACES }, '@graph': graph };
}
