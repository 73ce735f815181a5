/**
 * The options the generic record connectors (ndjson, csv) share: a field mapping, the
 * kind of finding a record is when it does not say, and the tool to name.
 */
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { FINDING_KINDS, type FindingKind } from '../../engine/model/finding.ts';
import { MAPPING_TARGETS, MODEL_MAPPING, type FieldMapping } from './field-mapping.ts';

const FieldName = Type.String({ minLength: 1, maxLength: 500 });

export const MappingSchema = Type.Object(
  Object.fromEntries(MAPPING_TARGETS.map((t) => [t, Type.Optional(FieldName)])) as TProperties,
  {
    additionalProperties: false,
    required: ['id'],
    description: 'For each finding field, the record field (CSV column, NDJSON key or dotted path) that holds it. Replaces the default mapping.',
  },
);

export const recordOptionProperties = {
  mapping: Type.Optional(MappingSchema),
  kind: Type.Optional(
    Type.Union(FINDING_KINDS.map((k) => Type.Literal(k)), { description: 'Kind of every record that does not state one (default vulnerability).' }),
  ),
  tool: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Tool named in each finding\'s source when the record names none.' })),
};

export const RecordOptionsSchema = Type.Object(recordOptionProperties);
export type RecordOptions = Static<typeof RecordOptionsSchema>;

export interface ResolvedRecordOptions {
  mapping: FieldMapping;
  /** True when no mapping was given: the records are ctem findings. */
  isModelMapping: boolean;
  defaultKind: FindingKind;
  defaultTool: string;
}

/** Options (already schema-valid, or undefined) with their defaults filled in. */
export function resolveRecordOptions(options: unknown, connector: string): ResolvedRecordOptions {
  const o = (options ?? {}) as RecordOptions & { mapping?: FieldMapping };
  return {
    mapping: o.mapping ?? MODEL_MAPPING,
    isModelMapping: o.mapping === undefined,
    defaultKind: o.kind ?? 'vulnerability',
    defaultTool: o.tool ?? connector,
  };
}
