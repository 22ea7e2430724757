// The bare baseline: a `ws` relay with nothing else. No persistence, no authentication, no
// heartbeat, no resume. A client connects to /?user=<id>; a text message {"to": "all" | <id>, ...}
// is passed on unchanged to every connection ("all") or to that user's connection.
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8081);
const wss = new WebSocketServer({ host: '127.0.0.1', port });
const byUser = new Map();

wss.on('connection', (socket, request) => {
  const user = new URL(request.url, 'http://localhost').searchParams.get('user') || '';
  byUser.set(user, socket);
  socket.on('message', (data) => {
    const target = JSON.parse(data).to;
    if (target === 'all') {
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
      }
    } else {
      const client = byUser.get(String(target));
      if (client && client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
    }
  });
  socket.on('close', () => {
    if (byUser.get(user) === socket) byUser.delete(user);
  });
});
wss.on('listening', () => console.log(`ws peer listening on ${port}`));
