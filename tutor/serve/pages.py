"""The pages a class server shows around the tutor: sign in, choose a password, the tutor itself,
and the messages (wrong sign-in, too many tries, full).  Every link is relative, so the same
server works at ``http://localhost:8000/`` through ``ssh -L`` and behind a reverse proxy's path."""

from __future__ import annotations

from html import escape

__all__ = ["sign_in_page", "password_page", "tutor_page", "message_page"]

STYLE = """
body { background: #0c181f; color: #e8eef2; font: 16px/1.5 menlo, "DejaVu Sans Mono", monospace;
       margin: 0; }
main { max-width: 34em; margin: 8vh auto; padding: 2em; background: #12232d; }
h1 { font-size: 1.3em; margin-top: 0; }
label { display: block; margin-top: 1em; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .4em; margin-top: .2em; }
button { font: inherit; margin-top: 1.5em; padding: .5em 1.5em; background: #5e0ba7;
         color: #fff; border: 0; cursor: pointer; }
.problem { background: #5a1d1d; padding: .6em 1em; }
.hint { color: #9fb3c0; font-size: .9em; }
"""


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width\">"
            f"<title>{escape(title)} - micrograd-tutor</title><style>{STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>")


def sign_in_page(problem: str = "", name: str = "") -> str:
    said = f"<p class=\"problem\" role=\"alert\">{escape(problem)}</p>" if problem else ""
    return _page("Sign in", f"""<h1>micrograd-tutor: sign in to your class</h1>{said}
<form method="post" action="signin">
<label>Your name <input name="name" value="{escape(name)}" autocomplete="username" required
 autofocus></label>
<label>Your code or password <input name="secret" type="password"
 autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<p class="hint">The first time, use the code your teacher gave you; then you choose a
password. Forgot it? Your teacher can give you a new code.</p>""")


def password_page(name: str, problem: str = "") -> str:
    said = f"<p class=\"problem\" role=\"alert\">{escape(problem)}</p>" if problem else ""
    return _page("Choose a password", f"""<h1>Welcome, {escape(name)}: choose a password</h1>
{said}<p>Your code worked once; from now on you sign in with a password of your own
(at least 8 characters).</p>
<form method="post" action="password">
<label>Password <input name="password" type="password" autocomplete="new-password" required
 autofocus minlength="8"></label>
<label>The same again <input name="again" type="password" autocomplete="new-password"
 required minlength="8"></label>
<button type="submit">Save and start</button></form>""")


def tutor_page(name: str) -> str:
    """The tutor full screen, drawn by textual-serve's terminal client (xterm.js)."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>micrograd-tutor - {escape(name)}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<script src="static/js/textual.js"></script>
<style>html, body {{ margin: 0; height: 100%; background: #0c181f; }}
#terminal {{ position: absolute; inset: 0; }}
.closed {{ display: none; color: #e8eef2; font: 16px menlo, monospace; padding: 2em; }}
body.-closed .closed {{ display: block; }}</style></head>
<body><div class="closed">Your session has ended; your progress is saved.
<a href="./" style="color:#ac5af4">Start again</a>
<form method="post" action="signout"><button type="submit">Sign out</button></form></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="" data-font-size="16">
</div>
<script>
// the websocket next to this page, whatever the host, scheme or proxy path
const here = new URL("ws", window.location.href);
here.protocol = here.protocol === "https:" ? "wss:" : "ws:";
document.getElementById("terminal").dataset.sessionWebsocketUrl = here.href;
</script></body></html>"""


def message_page(title: str, text: str, back: bool = True) -> str:
    link = "<p><a href=\"./\" style=\"color:#ac5af4\">Back to the sign-in</a></p>" if back else ""
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>{link}")
