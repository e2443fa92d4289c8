import type { FastifyReply } from 'fastify';
import type { SandboxContext } from '../context.js';
import type { SandboxImageWire } from '../image-wire.js';

/**
 * What a successful PUT /Images/:id answers. The API document shows no response; by default the sandbox sends
 * the start/stop-predict shape, and the put-* dialects send what other servers were seen to send.
 */
export function sendPutAnswer(ctx: SandboxContext, reply: FastifyReply, image: SandboxImageWire) {
  if (ctx.dialects.has('put-image')) return reply.send(image);
  if (ctx.dialects.has('put-msg')) return reply.send({ success: true, msg: 'Updated' });
  if (ctx.dialects.has('put-empty')) return reply.code(204).send();
  return reply.send({ success: true, status: 'Image updated', image });
}
