"""Shared output of the benchmark scripts: the plain-text table and its markdown copy."""


def render(title, info, head, table, sentences, markdown_path):
    """Prints `title`, the `info` (key, value) lines, the aligned table and the sentences, and
    writes the same as markdown to `markdown_path`."""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *table)]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))

    out = ["", title]
    out += [f"  {k + ':':9}{v}" for k, v in info]
    out += ["", line(head), line(["-" * w for w in widths])]
    out += [line(t) for t in table]
    out += [""] + sentences
    print("\n".join(out))

    with open(markdown_path, "w") as fh:
        fh.write(f"# {title}\n\n")
        fh.write("".join(f"- {k}: {v}\n" for k, v in info))
        fh.write("\n| " + " | ".join(head) + " |\n")
        fh.write("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|\n")
        fh.write("".join("| " + " | ".join(t) + " |\n" for t in table))
        fh.write("\n" + "".join(f"- {s}\n" for s in sentences))
