// Parser / serializer for Graph's `fields` parameter with field expansion:
//   id,name,owner_business_info,phone_numbers.limit(2){id,status,throughput{level}}
// Modifiers (.limit(n), .after(c), .before(c), …) may appear before or after the `{…}` block.

import { Errors } from './errors.ts';

export interface FieldModifier {
  name: string;
  arg: string;
}

export interface FieldSel {
  name: string;
  modifiers: FieldModifier[];
  /** undefined = no `{…}` block (use defaults / whole value) */
  children?: FieldSel[];
}

const IDENT = /[A-Za-z0-9_]/;

export function parseFields(src: string): FieldSel[] {
  let i = 0;
  const fail = (msg: string): never => {
    throw Errors.syntax(msg, i, src);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const describe = () => (i >= src.length ? 'end of string' : `"${src[i]}"`);
  const ident = (): string => {
    const start = i;
    while (i < src.length && IDENT.test(src[i]!)) i++;
    if (i === start) fail(`Expected identifier instead of ${describe()}.`);
    return src.slice(start, i);
  };

  const parseList = (nested: boolean): FieldSel[] => {
    const out: FieldSel[] = [];
    for (;;) {
      ws();
      // tolerate empty entries ("id,,name" / trailing comma), as Graph does
      if (src[i] === ',') {
        i++;
        continue;
      }
      if (i >= src.length) {
        if (nested) fail(`Expected "}" instead of end of string.`);
        return out;
      }
      if (src[i] === '}') {
        if (!nested) fail(`Expected end of string instead of "}".`);
        return out;
      }
      out.push(parseField());
      ws();
      if (i >= src.length) {
        if (nested) fail(`Expected "}" instead of end of string.`);
        return out;
      }
      if (src[i] === ',') {
        i++;
        continue;
      }
      if (src[i] === '}') {
        if (!nested) fail(`Expected end of string instead of "}".`);
        return out;
      }
      fail(`Expected "," instead of ${describe()}.`);
    }
  };

  const parseField = (): FieldSel => {
    const sel: FieldSel = { name: ident(), modifiers: [] };
    for (;;) {
      ws();
      if (src[i] === '.') {
        i++;
        const name = ident();
        ws();
        if (src[i] !== '(') fail(`Expected "(" instead of ${describe()}.`);
        i++;
        let depth = 1;
        const start = i;
        while (i < src.length && depth > 0) {
          if (src[i] === '(') depth++;
          else if (src[i] === ')') depth--;
          if (depth > 0) i++;
        }
        if (depth > 0) fail(`Expected ")" instead of end of string.`);
        sel.modifiers.push({ name, arg: src.slice(start, i).trim() });
        i++; // ')'
        continue;
      }
      if (src[i] === '{') {
        if (sel.children) fail(`Expected "," instead of "{".`);
        i++;
        sel.children = parseList(true);
        i++; // '}'
        continue;
      }
      return sel;
    }
  };

  return parseList(false);
}

export function serializeFields(sels: FieldSel[]): string {
  return sels
    .map((s) => s.name + s.modifiers.map((m) => `.${m.name}(${m.arg})`).join('') + (s.children ? `{${serializeFields(s.children)}}` : ''))
    .join(',');
}

export function modifier(sel: FieldSel, name: string): string | undefined {
  for (let k = sel.modifiers.length - 1; k >= 0; k--) if (sel.modifiers[k]!.name === name) return sel.modifiers[k]!.arg;
  return undefined;
}

/** `fields` query param -> selection (undefined when absent/empty => node defaults). */
export function fieldsParam(raw: string | null | undefined): FieldSel[] | undefined {
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  return parseFields(raw);
}
