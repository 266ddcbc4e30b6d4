# A WebSocket client that stops reading: a tiny receive buffer, a graphql-ws handshake, then many
# subscriptions, and no more reads. Used to test that the server drops a slow client.
# Usage: stalled-ws-client.py <port> <subscriptions> <query>
import base64, json, os, socket, struct, sys, time

port, count, query = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
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

send({"type": "connection_init"})
s.recv(64)  # connection_ack
for i in range(count):
    send({"id": str(i), "type": "subscribe", "payload": {"query": query}})
print("subscribed", flush=True)
time.sleep(30)
