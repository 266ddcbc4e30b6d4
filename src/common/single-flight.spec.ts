import { SingleFlight } from './single-flight';

/** A task whose runs the test ends one by one. */
function gatedTask() {
  const ends: (() => void)[] = [];
  let runs = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      runs++;
      ends.push(resolve);
    });
  const finish = async () => {
    ends.shift()!();
    // Let the run's finally (and any rerun it starts) happen.
    await new Promise((r) => setImmediate(r));
  };
  return { task, finish, runs: () => runs, open: () => ends.length };
}

describe('SingleFlight', () => {
  it('runs once per request when nothing is running', async () => {
    const g = gatedTask();
    const flight = new SingleFlight(g.task);
    flight.request();
    expect(g.runs()).toBe(1);
    await g.finish();
    expect(g.open()).toBe(0);
    flight.request();
    expect(g.runs()).toBe(2);
    await g.finish();
  });

  it('never runs twice at once, and follows a run with exactly one more when asked meanwhile', async () => {
    const g = gatedTask();
    const flight = new SingleFlight(g.task);
    flight.request();
    for (let i = 0; i < 5; i++) flight.request();
    expect([g.runs(), g.open()]).toEqual([1, 1]);
    await g.finish();
    expect([g.runs(), g.open()]).toEqual([2, 1]);
    await g.finish();
    expect([g.runs(), g.open()]).toEqual([2, 0]);
  });

  it('drops the requests a run absorbed, and holds back the rerun when repeatIf says no', async () => {
    const g = gatedTask();
    let repeat = true;
    const flight = new SingleFlight(g.task, () => repeat);
    flight.request();
    flight.request();
    flight.absorbRequests();
    await g.finish();
    expect(g.runs()).toBe(1);

    flight.request();
    flight.request();
    repeat = false;
    await g.finish();
    expect(g.runs()).toBe(2);
    // The next request starts a run as usual.
    repeat = true;
    flight.request();
    expect(g.runs()).toBe(3);
    await g.finish();
    // The request held back earlier is still pending.
    expect(g.runs()).toBe(4);
    await g.finish();
  });

  it('idle waits for the run in progress; stop waits too and refuses new runs', async () => {
    const g = gatedTask();
    const flight = new SingleFlight(g.task);
    await flight.idle();
    flight.request();
    let idle = false;
    const waiting = flight.idle().then(() => (idle = true));
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    await g.finish();
    await waiting;
    expect(idle).toBe(true);

    flight.request();
    let stopped = false;
    const stopping = flight.stop().then(() => (stopped = true));
    flight.request();
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await g.finish();
    await stopping;
    expect([stopped, g.runs(), g.open()]).toEqual([true, 2, 0]);
  });
});
