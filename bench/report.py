"""Shared output of the benchmark scripts: plain-text tables and their markdown copies."""


def text_table(head, table):
    """The rows of `table` under `head`, aligned: the first column to the left, the others to
    the right."""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *table)]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))

    return [line(head), line(["-" * w for w in widths])] + [line(t) for t in table]


def markdown_table(head, table):
    """The same table in markdown, numbers aligned to the right."""
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    return out + ["| " + " | ".join(t) + " |" for t in table]


def render(title, info, head, table, sentences, markdown_path):
    """Prints `title`, the `info` (key, value) lines, the aligned table and the sentences, and
    writes the same as markdown to `markdown_path`."""
    out = ["", title]
    out += [f"  {k + ':':9}{v}" for k, v in info]
    out += [""] + text_table(head, table)
    out += [""] + sentences
    print("\n".join(out))

    with open(markdown_path, "w") as fh:
        fh.write(f"# {title}\n\n")
        fh.write("".join(f"- {k}: {v}\n" for k, v in info))
        fh.write("\n" + "\n".join(markdown_table(head, table)) + "\n")
        fh.write("\n" + "".join(f"- {s}\n" for s in sentences))
