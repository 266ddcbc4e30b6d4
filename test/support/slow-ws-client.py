# A WebSocket client that reads slowly: a tiny receive buffer, a graphql-ws handshake and <count>
# subscriptions of one query; after their first frames it stops reading until a line arrives on
# stdin, then prints every message (a `next` as {"id", "payload"}) as a JSON line until a ping
# round trip brings no more `next`. Used to test that the server coalesces a slow reader's
# changes instead of slowing others, and (never told to go on) that it drops a reader that stopped.
# Usage: slow-ws-client.py <port> <query> <variables as JSON> <count>
import base64, json, os, select, socket, struct, sys

port, query, variables, count = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
# A small segment size too: the server sizes its send buffer from it (on loopback, 64 KiB segments
# would let it hold megabytes for a reader that has stopped).
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
s.connect(("127.0.0.1", port))
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((
    "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
).encode())
head = b""
while b"\r\n\r\n" not in head:
    head += s.recv(1)

def send_frame(opcode, data):
    mask = os.urandom(4)
    if len(data) < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | len(data))
    else:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, len(data))
    s.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

def send(message):
    send_frame(0x1, json.dumps(message).encode())

def exactly(n):
    data = b""
    while len(data) < n:
        if not select.select([s], [], [], 0.5)[0]:
            # After a long stall the tiny window may stay shut until the server's next zero-window
            # probe, which backs off to many seconds: any frame we send carries the open window.
            send_frame(0xA, b"")
            continue
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("the server closed the connection")
        data += chunk
    return data

def frame():
    first, second = exactly(2)
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", exactly(2))
    elif length == 127:
        (length,) = struct.unpack("!Q", exactly(8))
    body = exactly(length)
    return first & 0x0F, body

def message():
    while True:
        opcode, body = frame()
        if opcode == 0x8:
            raise EOFError(f"closed by the server: {body!r}")
        if opcode == 0x9:
            send_frame(0xA, body)  # the server's keep-alive ping
        if opcode == 0x1:
            return json.loads(body)

send({"type": "connection_init"})
assert message()["type"] == "connection_ack"
for i in range(count):
    send({"id": str(i), "type": "subscribe", "payload": {"query": query, "variables": variables}})

def show(msg):
    if msg["type"] == "ping":
        send({"type": "pong"})
    elif msg["type"] == "next":
        print(json.dumps({"id": msg["id"], "payload": msg["payload"]}), flush=True)
    else:
        print(json.dumps(msg), flush=True)

for i in range(count):
    show(message())
print("stalled", flush=True)
sys.stdin.readline()
# The server answers a ping after everything it wrote before it; a round that brings no `next`
# means the latest states have all arrived.
rounds = 0
while True:
    rounds += 1
    send({"type": "ping", "payload": {"round": rounds}})
    nexts = 0
    while True:
        msg = message()
        if msg["type"] == "pong" and (msg.get("payload") or {}).get("round") == rounds:
            break
        nexts += msg["type"] == "next"
        show(msg)
    if nexts == 0:
        break
print("done", flush=True)
