// Socket.IO 4 with its defaults (WebSocket and HTTP long-polling transports, 25 s pings). No
// persistence. A client connects with the query ?user=<id>[&group=1]; it joins the room "u:<id>",
// and "all" when group=1. An event "msg" {"to": "all" | <id>, ...} is emitted as "msg" to that room.
'use strict';
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 8082);
const server = http.createServer();
const io = new Server(server, { serveClient: false });

io.on('connection', (socket) => {
  const { user, group } = socket.handshake.query;
  socket.join(`u:${user}`);
  if (group === '1') socket.join('all');
  socket.on('msg', (message) => {
    io.to(message.to === 'all' ? 'all' : `u:${message.to}`).emit('msg', message);
  });
});
server.listen(port, '127.0.0.1', () => console.log(`socket.io peer listening on ${port}`));
