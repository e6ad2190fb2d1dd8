/* libFuzzer target: str_escape() and str_is_clean().  The escaped text
 * must hold no control character and no invalid UTF-8, and decoding its
 * "\xNN" sequences must give back the input exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size);
	memcpy(buf, data, size);

	bool clean = str_is_clean(buf, size);
	char *out = str_escape(buf, size);
	size_t olen = strlen(out);

	if (clean && (olen != size || memcmp(out, buf, size) != 0))
		abort();
	if (!clean && olen == size && memcmp(out, buf, size) == 0)
		abort();

	/* decode: every "\x" in the output is an escape of ours */
	char *dec = xmalloc(olen + 1);
	size_t d = 0;
	for (size_t i = 0; i < olen;) {
		unsigned char c = (unsigned char)out[i];
		if (c < 0x20 || c == 0x7f)
			abort();
		if (c == '\\' && i + 1 < olen && out[i + 1] == 'x') {
			if (i + 3 >= olen)
				abort();
			int hi = hexval(out[i + 2]), lo = hexval(out[i + 3]);
			if (hi < 0 || lo < 0)
				abort();
			dec[d++] = (char)(hi << 4 | lo);
			i += 4;
		} else {
			dec[d++] = out[i++];
		}
	}
	if (d != size || memcmp(dec, buf, size) != 0)
		abort();

	/* the output is clean apart from our own escapes: replace their
	 * backslashes and check the rest */
	for (size_t i = 0; i + 1 < olen; i++)
		if (out[i] == '\\' && out[i + 1] == 'x')
			out[i] = '|';
	if (!str_is_clean(out, olen))
		abort();

	free(dec);
	free(out);
	free(buf);
	return 0;
}
