package net.imo2sproxy.simulator.impl;

import io.vertx.core.buffer.Buffer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Generates small avatar JPEGs whose colour is derived from the icon id. */
public final class Icons {

  private static final int SIZE = 48;

  private Icons() {
  }

  /** CPU work and AWT class loading: call off the event loop. */
  public static Buffer jpeg(String iconId) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    try {
      BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      try {
        g.setColor(new Color(0x404040 | (iconId.hashCode() & 0xBFBFBF)));
        g.fillRect(0, 0, SIZE, SIZE);
        // a plain "head and shoulders" shape: text would need fonts, which headless hosts may lack
        g.setColor(Color.WHITE);
        g.fillOval(SIZE / 3, SIZE / 6, SIZE / 3, SIZE / 3);
        g.fillOval(SIZE / 6, SIZE * 3 / 5, SIZE * 2 / 3, SIZE / 2);
      } finally {
        g.dispose();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (ImageIO.write(img, "jpg", out)) {
        return Buffer.buffer(out.toByteArray());
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // a runtime without AWT/JPEG support: fall through to the minimal stand-in
    }
    return fallback(iconId);
  }

  /** SOI + comment + EOI: enough for clients that only check the JPEG magic bytes. */
  static Buffer fallback(String iconId) {
    byte[] text = ("imo-simulator icon " + iconId).getBytes(StandardCharsets.US_ASCII);
    Buffer b = Buffer.buffer();
    b.appendUnsignedByte((short) 0xFF).appendUnsignedByte((short) 0xD8);
    b.appendUnsignedByte((short) 0xFF).appendUnsignedByte((short) 0xFE).appendUnsignedShort(text.length + 2);
    b.appendBytes(text);
    b.appendUnsignedByte((short) 0xFF).appendUnsignedByte((short) 0xD9);
    return b;
  }
}
