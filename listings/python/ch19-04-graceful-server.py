import asyncio
import os
import signal
import time

start = time.perf_counter()
DEADLINE = 0.5  # seconds


def ms():
    return (time.perf_counter() - start) * 1000


async def serve(n, reader, writer):
    work = int((await reader.readline()).split()[1])
    print(f"[{ms():4.0f} ms] request {n} starts")
    await asyncio.sleep(work / 1000)
    writer.write(f"done {work}\n".encode())
    await writer.drain()
    writer.close()
    print(f"[{ms():4.0f} ms] request {n} ends")


async def client(port, work):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"work {work}\n".encode())
    await reader.read()  # the reply, up to the end of the connection
    writer.close()


async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGINT, stop.set)  # Ctrl-C sets `stop`

    in_flight = set()

    def accept(reader, writer):
        task = asyncio.create_task(serve(len(in_flight) + 1, reader, writer))
        in_flight.add(task)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on 127.0.0.1:{port}")

    # The demo: three clients, then a real SIGINT sent to this process.
    clients = [asyncio.create_task(client(port, w)) for w in (400, 350, 300)]
    loop.call_later(0.1, os.kill, os.getpid(), signal.SIGINT)

    await stop.wait()
    server.close()  # stop accepting: new connections are refused
    print(f"[{ms():4.0f} ms] main: Ctrl-C, no more connections")
    await asyncio.sleep(0.02)
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError:
        print(f"[{ms():4.0f} ms] late client: connection refused")
    try:
        async with asyncio.timeout(DEADLINE):
            await asyncio.gather(*in_flight)
        print(f"[{ms():4.0f} ms] main: every request answered")
    except TimeoutError:
        print(f"[{ms():4.0f} ms] main: deadline passed, abandoning requests")
    await asyncio.gather(*clients)


asyncio.run(main())
