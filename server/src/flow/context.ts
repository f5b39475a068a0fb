/**
 * The flow rules' view of one document (`FlowContext`): for each element that leads somewhere, where its URL
 * leads in the workspace — the routes that serve it, whether a missing route can be told, the paths served (for
 * "did you mean"), and the loop of redirect-only responses it closes. Made from the index for the document as
 * the service has just given it.
 */
import type { VoiceMLRegion } from '../document/region';
import type { FlowContext, FlowRoute, FlowSignature, FlowStep, RelatedLocation } from '../rules/rule';
import type { FlowIndex, Loop, Route, Step } from './index';
import { routeLocation, stepLocation } from './locations';
import { countBefore } from '../document/search';

export function flowContextOf(index: FlowIndex, uri: string): FlowContext {
  // Joined over the workspace only when a region of the document leads somewhere.
  let joined: Joined | undefined;
  const join = (): Joined => {
    if (joined) return joined;
    const steps = index.stepsIn(uri);
    // The steps' URLs by start, for a region's in one search (a keystroke asks for each region of the file). A
    // file's steps come in document order but where a region is built from code (a builder's calls).
    let order = steps;
    for (let i = 1; i < steps.length; i++) {
      if (steps[i]!.target.start < steps[i - 1]!.target.start) {
        order = [...steps].sort((a, b) => a.target.start - b.target.start);
        break;
      }
    }
    const starts = new Int32Array(order.length);
    const ends = new Int32Array(order.length);
    const byElement = new Map<number, number>();
    order.forEach((step, i) => {
      starts[i] = step.target.start;
      ends[i] = step.target.end;
      byElement.set(step.target.element, i);
    });
    const loops = new Map(index.loops().map((loop) => [loop.steps[0]!, loop]));
    return (joined = { order, starts, ends, byElement, loops, made: new Array<FlowStep | undefined>(order.length) });
  };
  /** The steps whose URLs are within the region, by start; with `any`, only whether there is one (then `[]` or one step). */
  const inRegion = (region: VoiceMLRegion, any = false): Step[] => {
    if (!index.hasTargets(uri)) return [];
    const start = region.offset;
    const end = start + region.tree.text.length;
    const { order, starts, ends } = join();
    const out: Step[] = [];
    for (let i = countBefore(starts.length, (k) => starts[k]!, start); i < starts.length && starts[i]! <= end; i++) {
      if (ends[i]! > end) continue;
      out.push(order[i]!);
      if (any) break;
    }
    return out;
  };
  let served: string[] | undefined;
  const servedPaths = (): string[] =>
    (served ??= [...new Set(index.routes().flatMap((r) => (r.prefixKnown && r.path !== undefined ? [r.path] : [])))]);
  /** The step of the element at `at` (a document offset), made once per element: each flow rule asks. */
  const stepOf = (region: VoiceMLRegion, at: number): FlowStep | undefined => {
    const { order, byElement, made } = join();
    const i = byElement.get(at);
    if (i === undefined) return undefined;
    return (made[i] ??= stepAt(region, order[i]!));
  };
  return {
    generation: index.generation,
    movedSince: (generation) => index.movedSince(uri, generation),
    hasSteps: (region) => inRegion(region, true).length > 0,
    step: (region, element) => stepOf(region, region.offset + region.tree.start(element)),
    signature(region) {
      // What `stepAt` reads, as numbers and the strings the steps hold (every string of a file is asked at each
      // keystroke: nothing is written out): the routes by number and where they are written; the paths served
      // by their list (the same list, the same paths). Each step's part has its length told by its own fields.
      const { loops } = join();
      const { offset } = region;
      const signature: FlowSignature[number][] = [numberOf(index.routes())];
      for (const step of inRegion(region)) {
        const { target } = step;
        const { editable } = target;
        signature.push(target.element - offset, target.start - offset, target.end - offset, editable ? editable.start - offset : -1, editable ? editable.end - offset : -1);
        signature.push(step.resolution, step.certain, step.resolution === 'path' && index.judges(step.path!), step.path ?? '', step.to.length);
        for (const route of step.to) {
          const at = index.positionOf(route.uri, route.decl.pathRange.start);
          const to = index.positionOf(route.uri, route.decl.pathRange.end);
          signature.push(numberOf(route), at.line, at.character, to.line, to.character);
        }
        signature.push(loops.has(step) ? JSON.stringify(stepOf(region, target.element)!.loop) : '');
      }
      return signature;
    },
  };

  function stepAt(region: VoiceMLRegion, step: Step): FlowStep {
    const certain = step.resolution === 'path' && step.certain ? step.to : step.to.filter((r) => r.prefixKnown);
    const loop = joined!.loops.get(step);
    const { target } = step;
    const offset = region.offset;
    return new RegionStep(
      target.start - offset,
      target.end - offset,
      target.editable && { start: target.editable.start - offset, end: target.editable.end - offset },
      step.resolution === 'path' ? step.path : undefined,
      step.resolution === 'path' && certain.length > 0 ? certain.map((r) => flowRoute(index, r)) : NO_ROUTES,
      !step.certain,
      step.resolution === 'path' && step.to.length === 0 && index.judges(step.path!),
      servedPaths,
      loop && { paths: loop.paths, others: loop.steps.slice(1).map((s): RelatedLocation => stepLocation(index, s)) },
    );
  }
}

/** A document's steps joined over the workspace, by their URLs' starts; the step each one shows its region's rules, once made. */
interface Joined {
  order: readonly Step[];
  starts: Int32Array;
  ends: Int32Array;
  /** The index in `order` of each step, by where its element is in the document. */
  byElement: Map<number, number>;
  loops: Map<Step, Loop>;
  made: (FlowStep | undefined)[];
}

const NO_ROUTES: readonly FlowRoute[] = Object.freeze([]);

/** A step as a region's rules read it: the paths served found only when a rule asks (for "did you mean"). */
class RegionStep implements FlowStep {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly editable: { start: number; end: number } | undefined,
    readonly path: string | undefined,
    readonly routes: readonly FlowRoute[],
    readonly uncertain: boolean,
    readonly judged: boolean,
    private readonly servedPaths: () => readonly string[],
    readonly loop: FlowStep['loop'],
  ) {}

  get served(): readonly string[] {
    return this.servedPaths();
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
