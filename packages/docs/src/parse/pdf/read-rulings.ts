import type { Ruling } from './layout-types.ts';
import { multiplyMatrix } from './multiply-matrix.ts';

/** @internal The part of pdf.js's `OPS` table the ruling reader needs. */
export interface PathOps {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
}

/** @internal The operator list of a page, as pdf.js returns it. */
export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

// pdf.js's DrawOPS: the codes inside a constructPath's path buffer.
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUADRATIC_CURVE_TO = 3;
const CLOSE_PATH = 4;
/** A filled rectangle thinner than this (points) is a ruling line, not a shaded area. */
const THIN = 2.5;
/** Segments this close (points) across their direction are one line. */
const SNAP = 1.5;

type Matrix = readonly number[];
type Point = [number, number];

function apply(matrix: Matrix, x: number, y: number): Point {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = matrix;
  return [a * x + c * y + e, b * x + d * y + f];
}

/** The straight segments of one path buffer, in page space. */
function segmentsOf(path: ArrayLike<number>, matrix: Matrix): Array<[Point, Point]> {
  const segments: Array<[Point, Point]> = [];
  let current: Point = [0, 0];
  let start: Point = [0, 0];
  for (let index = 0; index < path.length; ) {
    const op = path[index++];
    if (op === MOVE_TO) {
      current = apply(matrix, path[index++] as number, path[index++] as number);
      start = current;
    } else if (op === LINE_TO) {
      const next = apply(matrix, path[index++] as number, path[index++] as number);
      segments.push([current, next]);
      current = next;
    } else if (op === CURVE_TO) {
      index += 4;
      current = apply(matrix, path[index++] as number, path[index++] as number);
    } else if (op === QUADRATIC_CURVE_TO) {
      index += 2;
      current = apply(matrix, path[index++] as number, path[index++] as number);
    } else if (op === CLOSE_PATH) {
      segments.push([current, start]);
      current = start;
    } else {
      break;
    }
  }
  return segments;
}

function rulingOf([from, to]: [Point, Point]): Ruling | undefined {
  const dx = Math.abs(from[0] - to[0]);
  const dy = Math.abs(from[1] - to[1]);
  if (dy < 0.5 && dx >= 1) {
    return { orientation: 'horizontal', position: from[1], from: Math.min(from[0], to[0]), to: Math.max(from[0], to[0]) };
  }
  if (dx < 0.5 && dy >= 1) {
    return { orientation: 'vertical', position: from[0], from: Math.min(from[1], to[1]), to: Math.max(from[1], to[1]) };
  }
  return undefined;
}

/** A filled path: a thin rectangle is a ruling along its long side; anything bigger is shading, not a line. */
function filledRuling(segments: Array<[Point, Point]>): Ruling | undefined {
  const xs = segments.flatMap(([a, b]) => [a[0], b[0]]);
  const ys = segments.flatMap(([a, b]) => [a[1], b[1]]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 <= THIN && x1 - x0 > y1 - y0) return { orientation: 'horizontal', position: (y0 + y1) / 2, from: x0, to: x1 };
  if (x1 - x0 <= THIN && y1 - y0 > x1 - x0) return { orientation: 'vertical', position: (x0 + x1) / 2, from: y0, to: y1 };
  return undefined;
}

/**
 * @internal The horizontal and vertical lines a page draws (stroked segments and thin filled rectangles), merged
 * where they touch, in page space. Table grids are found from them.
 */
export function readRulings(operatorList: OperatorList, ops: PathOps, viewportTransform: Matrix): Ruling[] {
  const strokes = new Set([
    ops.stroke,
    ops.closeStroke,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const fills = new Set([ops.fill, ops.eoFill]);
  const stack: number[][] = [];
  let ctm: number[] = [1, 0, 0, 1, 0, 0];
  const rulings: Ruling[] = [];
  const { fnArray, argsArray } = operatorList;
  for (let index = 0; index < fnArray.length; index++) {
    const fn = fnArray[index];
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === ops.transform) ctm = multiplyMatrix(ctm, argsArray[index] as number[]);
    else if (fn === ops.constructPath) {
      const [paintOp, data] = argsArray[index] as [number, [ArrayLike<number> | null] | undefined];
      const path = data?.[0];
      if (path == null || (!strokes.has(paintOp) && !fills.has(paintOp))) continue;
      const segments = segmentsOf(path, multiplyMatrix(viewportTransform, ctm));
      if (segments.length === 0) continue;
      if (strokes.has(paintOp)) {
        for (const segment of segments) {
          const ruling = rulingOf(segment);
          if (ruling !== undefined) rulings.push(ruling);
        }
      } else {
        const ruling = filledRuling(segments);
        if (ruling !== undefined) rulings.push(ruling);
      }
    }
  }
  return mergeRulings(rulings);
}

/** Joins collinear rulings that overlap or touch, so a grid drawn cell by cell becomes whole lines. */
function mergeRulings(rulings: Ruling[]): Ruling[] {
  const merged: Ruling[] = [];
  for (const orientation of ['horizontal', 'vertical'] as const) {
    const sorted = rulings
      .filter((ruling) => ruling.orientation === orientation)
      .sort((a, b) => a.position - b.position || a.from - b.from);
    const groups: Ruling[][] = [];
    for (const ruling of sorted) {
      const group = groups.at(-1);
      if (group !== undefined && ruling.position - (group[0] as Ruling).position <= SNAP) group.push(ruling);
      else groups.push([ruling]);
    }
    for (const group of groups) {
      const position = group.reduce((sum, ruling) => sum + ruling.position, 0) / group.length;
      const spans = group.map((ruling) => [ruling.from, ruling.to] as [number, number]).sort((a, b) => a[0] - b[0]);
      let [from, to] = spans[0] as [number, number];
      for (const [start, end] of spans.slice(1)) {
        if (start <= to + SNAP) to = Math.max(to, end);
        else {
          merged.push({ orientation, position, from, to });
          [from, to] = [start, end];
        }
      }
      merged.push({ orientation, position, from, to });
    }
  }
  return merged;
}
