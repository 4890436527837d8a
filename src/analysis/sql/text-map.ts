/**
 * A piecewise map from offsets in a built text back to offsets in an original text (the source file,
 * or the text before a rewrite). Copied pieces map character by character; replaced pieces (a filled
 * template hole, a rewritten placeholder) map as a whole.
 */
export interface TextPiece {
  /** Start and end offsets in the built text. */
  start: number;
  end: number;
  /** Start and end offsets in the original. */
  originalStart: number;
  originalEnd: number;
  /** True when the piece was copied character by character. */
  exact: boolean;
}

export class TextMap {
  constructor(readonly pieces: readonly TextPiece[]) {}

  /** Maps a range of the built text to the smallest range of the original that covers it. */
  mapRange(start: number, end: number): [number, number] {
    return [this.mapOffset(start, false), this.mapOffset(Math.max(start, end), true)];
  }

  /** Maps one offset; `asEnd` picks the end of a replaced piece rather than its start. */
  mapOffset(offset: number, asEnd: boolean): number {
    const { pieces } = this;
    if (pieces.length === 0) return offset;
    let chosen = pieces[pieces.length - 1]!;
    for (const piece of pieces) {
      // A range end that falls on a boundary belongs to the piece before it; a start to the one after.
      if (asEnd ? offset <= piece.end : offset < piece.end) {
        chosen = piece;
        break;
      }
    }
    if (offset < chosen.start) return chosen.originalStart;
    if (chosen.exact) return Math.min(chosen.originalStart + (offset - chosen.start), chosen.originalEnd);
    return asEnd && offset > chosen.start ? chosen.originalEnd : chosen.originalStart;
  }

  /** The map of `this` built text, seen through `outer` (which maps this map's original further back). */
  compose(outer: TextMap): TextMap {
    return new TextMap(
      this.pieces.map((piece) => {
        const [originalStart, originalEnd] = outer.mapRange(piece.originalStart, piece.originalEnd);
        return {
          start: piece.start,
          end: piece.end,
          originalStart,
          originalEnd,
          exact: piece.exact && originalEnd - originalStart === piece.end - piece.start,
        };
      }),
    );
  }
}

/** Builds a text together with its map. */
export class TextBuilder {
  text = '';
  private readonly pieces: TextPiece[] = [];

  /** Appends text copied verbatim from `originalStart` in the original. */
  copy(text: string, originalStart: number): this {
    return this.push(text, originalStart, originalStart + text.length, true);
  }

  /** Appends text that stands for the original range `[originalStart, originalEnd)`. */
  replace(text: string, originalStart: number, originalEnd: number): this {
    return this.push(text, originalStart, originalEnd, false);
  }

  build(): { text: string; map: TextMap } {
    return { text: this.text, map: new TextMap(this.pieces) };
  }

  private push(text: string, originalStart: number, originalEnd: number, exact: boolean): this {
    if (text.length === 0 && exact) return this;
    const start = this.text.length;
    this.text += text;
    this.pieces.push({ start, end: this.text.length, originalStart, originalEnd, exact });
    return this;
  }
}
