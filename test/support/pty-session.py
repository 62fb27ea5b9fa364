# Runs a command on a pseudo-terminal and answers prompts: argv[1] is a JSON list of [expect, answer]
# pairs, the rest is the command. Prints {"status": exit code, "transcript": everything the terminal showed}.
import json, os, pty, select, sys, time

script = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
transcript = b''
deadline = time.time() + float(os.environ.get('PTY_DEADLINE_S', '30'))
step = 0
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        transcript += chunk
    if step < len(script) and script[step][0].encode() in transcript.split(b'\x00')[-1]:
        os.write(fd, script[step][1].encode())
        transcript += b'\x00'  # answers go after what was seen so far
        step += 1
_, status = os.waitpid(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "transcript": transcript.replace(b'\x00', b'').decode('utf-8', 'replace')}))
