/** Documents that would read a file if anything resolved DTDs, entities or XIncludes; shared by the security tests. */

/** Each document refers to the file at `url` (and by its bare `name`) the ways XML offers. */
export function hostileDocuments(url: string, name: string): Record<string, string> {
  return {
    'an external entity in text': `<?xml version="1.0"?>\n<!DOCTYPE Response [\n  <!ENTITY x SYSTEM "${url}">\n]>\n<Response>\n  <Say>&x;</Say>\n</Response>\n`,
    'an external entity in an attribute value, a URL and a number': `<!DOCTYPE Response [<!ENTITY x SYSTEM "${url}">]>\n<Response><Say language="&x;">hi</Say><Play>&x;</Play><Redirect>&x;</Redirect><Dial callerId="&x;"><Number>&x;</Number></Dial></Response>`,
    'an external DTD (SYSTEM)': `<!DOCTYPE Response SYSTEM "${url}">\n<Response><Say>&x;</Say></Response>`,
    'an external DTD (PUBLIC)': `<!DOCTYPE Response PUBLIC "-//ClawOps//DTD VoiceML//KO" "${url}">\n<Response><Say>&x;</Say></Response>`,
    'a parameter entity': `<!DOCTYPE Response [\n  <!ENTITY % p SYSTEM "${url}">\n  %p;\n]>\n<Response><Say>&x;</Say></Response>`,
    'a parameter entity declaring an external entity': `<!DOCTYPE Response [\n  <!ENTITY % d "<!ENTITY y SYSTEM '${url}'>">\n  %d;\n]>\n<Response><Say>&y;</Say></Response>`,
    'an unparsed entity': `<!DOCTYPE Response [\n  <!NOTATION n SYSTEM "${url}">\n  <!ENTITY u SYSTEM "${url}" NDATA n>\n]>\n<Response><Say>&u;</Say></Response>`,
    XInclude: `<Response xmlns:xi="http://www.w3.org/2001/XInclude">\n  <Say><xi:include href="${url}" parse="text"/></Say>\n  <xi:include href="${name}" parse="xml"/>\n</Response>`,
    'a processing instruction naming a style sheet': `<?xml-stylesheet type="text/xsl" href="${url}"?>\n<Response><Say>x</Say></Response>`,
    'the /etc/hostname example': '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<Response><Say>&x;</Say></Response>',
  };
}

/** The text of `/etc/hostname` when it is long enough to be told apart from anything an answer may contain. */
export function hostname(readFile: (path: string) => string): string | undefined {
  try {
    const name = readFile('/etc/hostname').trim();
    return name.length >= 6 ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Offsets worth asking about: every `&`, `<`, `"`, `%` (and just after), the start and the end. */
export function interestingOffsets(text: string): number[] {
  const offsets = new Set([0, text.length]);
  for (let i = 0; i < text.length; i++) if ('&<"%'.includes(text[i]!)) offsets.add(i).add(i + 1).add(Math.min(text.length, i + 3));
  return [...offsets].sort((a, b) => a - b);
}
