# A WebSocket client that reads slowly: a tiny receive buffer, a graphql-ws handshake and one
# subscription; after its first frame it stops reading until a line arrives on stdin, then
# prints every frame's payload as a JSON line until a second passes without one.
# Used to test that the server coalesces a slow reader's changes instead of slowing others.
# Usage: slow-ws-client.py <port> <query> <variables as JSON>
import base64, json, os, select, socket, struct, sys

port, query, variables = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
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

def send(message):
    data = json.dumps(message).encode()
    mask = os.urandom(4)
    if len(data) < 126:
        header = struct.pack("!BB", 0x81, 0x80 | len(data))
    else:
        header = struct.pack("!BBH", 0x81, 0x80 | 126, len(data))
    s.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

def exactly(n):
    data = b""
    while len(data) < n:
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
        if opcode == 0x1:
            return json.loads(body)

send({"type": "connection_init"})
assert message()["type"] == "connection_ack"
send({"id": "slow", "type": "subscribe", "payload": {"query": query, "variables": variables}})
print(json.dumps(message()["payload"]), flush=True)
print("stalled", flush=True)
sys.stdin.readline()
while select.select([s], [], [], 1.0)[0]:
    msg = message()
    if msg["type"] == "ping":
        send({"type": "pong"})
    elif msg["type"] == "next":
        print(json.dumps(msg["payload"]), flush=True)
print("done", flush=True)
