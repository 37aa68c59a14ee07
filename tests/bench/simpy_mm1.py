#!/usr/bin/python3
"""The M/M/1 of bench_simulator.cpp (rho 0.9, 1 ms service) in SimPy, for comparison.

Run with Debian's interpreter: /usr/bin/python3 tests/bench/simpy_mm1.py [N]
Debian 12's python3-simpy is SimPy 2.3 (module "SimPy"); SimPy 3/4 ("simpy") is used when
installed. Prints customers served, CPU seconds and customers per CPU second, plus the mean
sojourn time (oracle 10 ms) so that both models are seen to be the same queue.
"""
import random
import sys
import time


def run_simpy3(n, rng):
    import simpy
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    sojourn = []

    def customer():
        arrived = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(1000.0))
        sojourn.append(env.now - arrived)

    def source():
        for _ in range(n):
            yield env.timeout(rng.expovariate(900.0))
            env.process(customer())

    env.process(source())
    env.run()
    return "simpy " + simpy.__version__, sojourn


def run_simpy2(n, rng):
    from SimPy import Simulation as S
    sojourn = []

    class Customer(S.Process):
        def visit(self, server):
            arrived = S.now()
            yield S.request, self, server
            yield S.hold, self, rng.expovariate(1000.0)
            yield S.release, self, server
            sojourn.append(S.now() - arrived)

    class Source(S.Process):
        def generate(self, server):
            for _ in range(n):
                yield S.hold, self, rng.expovariate(900.0)
                c = Customer()
                S.activate(c, c.visit(server))

    S.initialize()
    server = S.Resource(capacity=1)
    src = Source()
    S.activate(src, src.generate(server))
    S.simulate(until=1e12)
    return "SimPy " + S.__version__ if hasattr(S, "__version__") else "SimPy 2", sojourn


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500000
    rng = random.Random(1)
    try:
        import simpy  # noqa: F401
        runner = run_simpy3
    except ImportError:
        runner = run_simpy2
    start = time.process_time()
    name, sojourn = runner(n, rng)
    cpu = time.process_time() - start
    print(f"{name}: {len(sojourn)} customers in {cpu:.2f} s CPU, "
          f"{len(sojourn) / cpu:.0f} customers/s, "
          f"mean sojourn {1000 * sum(sojourn) / len(sojourn):.3f} ms")


if __name__ == "__main__":
    main()
