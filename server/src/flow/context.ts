/**
 * The flow rules' view of one document (`FlowContext`): for each element that leads somewhere, where its URL
 * leads in the workspace — the routes that serve it, whether a missing route can be told, the paths served (for
 * "did you mean"), and the loop of redirect-only responses it closes. Made from the index for the document as
 * the service has just given it.
 */
import type { VoiceMLRegion } from '../document/region';
import type { FlowContext, FlowRoute, FlowStep, RelatedLocation } from '../rules/rule';
import type { FlowIndex, Loop, Route, Step } from './index';
import { routeLocation, stepLocation } from './locations';
import { countBefore } from '../document/search';

export function flowContextOf(index: FlowIndex, uri: string): FlowContext {
  // Joined over the workspace only when a region of the document leads somewhere.
  let joined: { order: Step[]; starts: Int32Array; ends: Int32Array; byElement: Map<number, Step>; loops: Map<Step, Loop> } | undefined;
  const join = () => {
    if (joined) return joined;
    const steps = index.stepsIn(uri);
    const byElement = new Map<number, Step>();
    for (const step of steps) byElement.set(step.target.element, step);
    // The steps' URLs by start, for a region's in one search (a keystroke asks for each region of the file).
    const order = [...steps].sort((a, b) => a.target.start - b.target.start);
    const starts = Int32Array.from(order, (s) => s.target.start);
    const ends = Int32Array.from(order, (s) => s.target.end);
    return (joined = { order, starts, ends, byElement, loops: new Map(index.loops().map((loop) => [loop.steps[0]!, loop])) });
  };
  /** The steps whose URLs are within `[start, end]`, by start. */
  const stepsWithin = (start: number, end: number): Step[] => {
    const { order, starts, ends } = join();
    const out: Step[] = [];
    for (let i = countBefore(starts.length, (k) => starts[k]!, start); i < starts.length && starts[i]! <= end; i++) if (ends[i]! <= end) out.push(order[i]!);
    return out;
  };
  let served: string[] | undefined;
  const servedPaths = (): string[] =>
    (served ??= [...new Set(index.routes().flatMap((r) => (r.prefixKnown && r.path !== undefined ? [r.path] : [])))]);
  const made = new WeakMap<VoiceMLRegion, Map<number, FlowStep | undefined>>();
  /** The step of the element at `at` (a document offset), made once per element: each flow rule asks. */
  const stepOf = (region: VoiceMLRegion, at: number): FlowStep | undefined => {
    let own = made.get(region);
    if (!own) made.set(region, (own = new Map()));
    if (own.has(at)) return own.get(at);
    const result = stepAt(region, at);
    own.set(at, result);
    return result;
  };
  const inRegion = (region: VoiceMLRegion): Step[] => (index.hasTargets(uri) ? stepsWithin(region.offset, region.offset + region.tree.text.length) : []);
  return {
    hasSteps: (region) => inRegion(region).length > 0,
    step: (region, element) => stepOf(region, region.offset + region.tree.start(element)),
    signature(region) {
      // What `stepAt` reads, written short (every string of a file is asked at each keystroke): the routes by
      // number and where they are written; the paths served by their list (the same list, the same paths).
      const { loops } = join();
      const { offset } = region;
      let signature = String(numberOf(index.routes()));
      for (const step of inRegion(region)) {
        const { target } = step;
        signature += `|${target.element - offset} ${target.start - offset} ${target.end - offset} ${target.editable ? `${target.editable.start - offset} ${target.editable.end - offset}` : '-'} ${step.resolution} ${step.certain}`;
        if (step.resolution === 'path') signature += ` ${index.judges(step.path!)} ${step.path}`;
        for (const route of step.to) {
          const at = index.positionOf(route.uri, route.decl.pathRange.start);
          const to = index.positionOf(route.uri, route.decl.pathRange.end);
          signature += ` ${numberOf(route)}:${at.line}:${at.character}:${to.line}:${to.character}`;
        }
        const loop = loops.get(step);
        if (loop) signature += JSON.stringify(stepOf(region, target.element)!.loop);
      }
      return signature;
    },
  };

  function stepAt(region: VoiceMLRegion, at: number): FlowStep | undefined {
    const { byElement, loops } = join();
    const step = byElement.get(at);
    if (!step) return undefined;
    const certain = step.resolution === 'path' && step.certain ? step.to : step.to.filter((r) => r.prefixKnown);
    const loop = loops.get(step);
    return {
      start: step.target.start - region.offset,
      end: step.target.end - region.offset,
      editable: step.target.editable && { start: step.target.editable.start - region.offset, end: step.target.editable.end - region.offset },
      path: step.resolution === 'path' ? step.path : undefined,
      routes: step.resolution === 'path' ? certain.map((r) => flowRoute(index, r)) : [],
      uncertain: !step.certain,
      judged: step.resolution === 'path' && step.to.length === 0 && index.judges(step.path!),
      get served() {
        return servedPaths();
      },
      loop: loop && { paths: loop.paths, others: loop.steps.slice(1).map((s): RelatedLocation => stepLocation(index, s)) },
    };
  }
}

const numbers = new WeakMap<object, number>();
let numbered = 0;
/** A number per route, per list of routes: the same route (or list), the same number. */
function numberOf(it: object): number {
  let number = numbers.get(it);
  if (number === undefined) numbers.set(it, (number = ++numbered));
  return number;
}

function flowRoute(index: FlowIndex, route: Route): FlowRoute {
  return { path: route.path!, methods: route.methods, location: routeLocation(index, route) };
}
