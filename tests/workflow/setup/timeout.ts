// Each workflow test finishes in about a second of real time. One that waits much longer is
// stuck: typically a failing workflow task, which stops the test server's clock (time does not
// skip while a task is outstanding). Fail it in 30 s instead of the run's default 2 minutes.
jest.setTimeout(30_000);
