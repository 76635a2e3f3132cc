using System;
using System.Collections.Generic;
using System.Text;

namespace FashionMnist
{
    /// <summary>Draws greyscale images as plain ASCII, so they show in any terminal and in a CI log alike.</summary>
    public static class TextArt
    {
        // From no ink to full ink. ASCII only: every font draws it one cell wide, so the pictures line up anywhere.
        private const string Ramp = " .:-=+*#%@";

        /// <summary>
        /// Draws one image, one line per pixel row, two characters per pixel: a terminal cell is about twice as tall
        /// as it is wide, so this keeps the picture's proportions.
        /// </summary>
        /// <param name="pixels"><paramref name="rows"/> x <paramref name="columns"/> bytes, row-major, 0 = background.</param>
        /// <param name="rows">Pixel rows.</param>
        /// <param name="columns">Pixel columns.</param>
        /// <returns><paramref name="rows"/> lines of <c>2 * columns</c> characters each.</returns>
        /// <exception cref="ArgumentException"><paramref name="pixels"/> does not hold rows x columns bytes.</exception>
        public static string[] Render(ReadOnlySpan<byte> pixels, int rows, int columns)
        {
            if (rows < 0 || columns < 0 || pixels.Length != rows * columns)
            {
                throw new ArgumentException($"Expected {rows} x {columns} pixels, got {pixels.Length}.", nameof(pixels));
            }

            var lines = new string[rows];
            var line = new StringBuilder(2 * columns);
            for (int y = 0; y < rows; y++)
            {
                line.Clear();
                for (int x = 0; x < columns; x++)
                {
                    char c = Ramp[pixels[y * columns + x] * Ramp.Length / 256];
                    line.Append(c).Append(c);
                }

                lines[y] = line.ToString();
            }

            return lines;
        }

        /// <summary>
        /// Places blocks of text next to each other, top-aligned, each padded to its widest line, with a gap between.
        /// </summary>
        /// <param name="blocks">The blocks, left to right; each is a list of lines.</param>
        /// <param name="gap">Spaces between two blocks.</param>
        /// <returns>The joined lines, trailing spaces removed.</returns>
        public static string[] SideBySide(IReadOnlyList<IReadOnlyList<string>> blocks, int gap = 4)
        {
            int height = 0;
            var widths = new int[blocks.Count];
            for (int b = 0; b < blocks.Count; b++)
            {
                height = Math.Max(height, blocks[b].Count);
                foreach (string line in blocks[b]) widths[b] = Math.Max(widths[b], line.Length);
            }

            var result = new string[height];
            var row = new StringBuilder();
            for (int y = 0; y < height; y++)
            {
                row.Clear();
                for (int b = 0; b < blocks.Count; b++)
                {
                    if (b > 0) row.Append(' ', gap);
                    string text = y < blocks[b].Count ? blocks[b][y] : "";
                    row.Append(text).Append(' ', widths[b] - text.Length);
                }

                result[y] = row.ToString().TrimEnd();
            }

            return result;
        }
    }
}
