#!/usr/bin/env python3
"""Opens N connections to HOST:PORT and holds them for SECONDS: idle (nothing sent), or slowloris
(a partial request head, then one more header byte every 5 s). Prints how many connected and how
many were still open at the end. Used by scripts/bench/proxy-floods."""
import asyncio
import sys


async def hold(host, port, mode, seconds, stats):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
    except (OSError, asyncio.TimeoutError):
        stats["failed"] += 1
        return
    stats["connected"] += 1
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    try:
        if mode == "slowloris":
            writer.write(b"GET / HTTP/1.1\r\nHost: flood\r\nX-Slow: ")
        while loop.time() < end:
            try:
                data = await asyncio.wait_for(reader.read(1), min(5, max(0.1, end - loop.time())))
                if not data:
                    stats["closed"] += 1
                    return
            except asyncio.TimeoutError:
                pass
            if mode == "slowloris":
                writer.write(b"x")
                await writer.drain()
        stats["open"] += 1
    except OSError:
        stats["closed"] += 1
    finally:
        writer.close()


async def main():
    host, port, n, mode, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    if mode not in ("idle", "slowloris"):
        sys.exit("flood.py: mode must be idle or slowloris")
    stats = {"connected": 0, "failed": 0, "closed": 0, "open": 0}
    tasks = []
    for _ in range(n):
        tasks.append(asyncio.create_task(hold(host, port, mode, seconds, stats)))
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    print(f"connected {stats['connected']} failed {stats['failed']} closed-by-server {stats['closed']} open-at-end {stats['open']}")


asyncio.run(main())
