"""Opens a console URL with tempest's own websocket helper, as tempest's noVNC test does.

Usage: tempest_websocket.py <console url>

Prints one JSON line: the status line of the upgrade answer, and the first websocket frame (the RFB
server's version banner) or null when the proxy dropped the socket instead.
"""

import json
import sys

from tempest.common import compute


def main():
    websocket = compute.create_websocket(sys.argv[1])
    status = websocket.response.split(b'\r\n', 1)[0].decode()
    frame = websocket.receive_frame()
    if frame:
        websocket.close()
    print(json.dumps({'status': status, 'frame': frame.decode() if frame else None}))


if __name__ == '__main__':
    main()
