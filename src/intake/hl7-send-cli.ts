import { readFileSync } from 'node:fs';
import { describeAck, MllpClient, splitMessages } from './mllp-client';

// npm run hl7:send -- file.hl7 [--port 2575] [--host 127.0.0.1] [--tls] [--ca ca.pem] [--insecure]
// Sends the file's messages one after another (each waits for its ACK) and prints the ACKs.

function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let port = Number(process.env.HL7_MLLP_PORT ?? 2575);
  let host = '127.0.0.1';
  let tls = false;
  let ca: Buffer | undefined;
  let insecure = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') port = Number(argv[++i]);
    else if (a === '--host') host = argv[++i];
    else if (a === '--tls') tls = true;
    else if (a === '--ca') ca = readFileSync(argv[++i]);
    else if (a === '--insecure') insecure = true;
    else files.push(a);
  }
  if (files.length === 0 || !Number.isInteger(port) || port <= 0) {
    process.stderr.write('usage: npm run hl7:send -- file.hl7 [more.hl7] [--port 2575] [--host 127.0.0.1] [--tls] [--ca ca.pem] [--insecure]\n');
    return Promise.resolve(2);
  }
  return send(files, port, host, tls || ca ? { ca, rejectUnauthorized: !insecure } : null);
}

async function send(files: string[], port: number, host: string, tls: { ca?: Buffer; rejectUnauthorized: boolean } | null): Promise<number> {
  const client = await MllpClient.connect(port, host, tls);
  let failures = 0;
  try {
    for (const file of files) {
      for (const message of splitMessages(readFileSync(file, 'utf8'))) {
        const head = message.split('\r')[0];
        const ack = await client.send(message);
        if (!/^MSA\|(AA|CA)\|/m.test(ack.replace(/\r/g, '\n'))) failures++;
        process.stdout.write(`> ${head}\n< ${describeAck(ack).replace(/\r/g, '\n')}\n`);
      }
    }
  } finally {
    await client.close();
  }
  return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`hl7:send: ${err.message}\n`);
    process.exit(1);
  },
);
