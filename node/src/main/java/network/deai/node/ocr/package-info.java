/**
 * The OCR workload around PaddleOCR's PP-OCRv4 text recognition model: locating the installed model
 * and dictionary, rendering text lines with ground truth, turning images into the model's input
 * tensor bit for bit, reading its output back as text, and scoring character accuracy.
 */
@NullMarked
package network.deai.node.ocr;

import org.jspecify.annotations.NullMarked;
