//! Is a photo of a document readable? Checks on a small grey thumbnail (the app makes it with
//! the browser's canvas): too small, too dark, or blurred (low variance of the Laplacian). And
//! the size a phone photo is scaled down to before upload.

/// Long edge of photos after downscaling on the device.
pub const MAX_LONG_EDGE: u32 = 2400;
/// Long edge of the grey thumbnail the checks run on.
pub const THUMB_LONG_EDGE: u32 = 256;
/// A document photographed smaller than this (short edge, px) is hard to read.
pub const MIN_SHORT_EDGE: u32 = 600;
/// Mean luma (0–255) below which a photo is too dark.
pub const MIN_MEAN_LUMA: f64 = 45.0;
/// Variance of the Laplacian below which the thumbnail is blurred. A first guess calibrated on
/// synthetic pages only; tune it on real phone photos before trusting it.
pub const MIN_SHARPNESS: f64 = 100.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quality {
    Ok,
    TooSmall,
    TooDark,
    Blurry,
}

/// Size to scale a `w`×`h` photo to: the long edge at most [`MAX_LONG_EDGE`], ratio kept,
/// never enlarged.
pub fn downscaled(w: u32, h: u32, max_long_edge: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max_long_edge || long == 0 {
        return (w, h);
    }
    let scale = max_long_edge as f64 / long as f64;
    (((w as f64 * scale).round() as u32).max(1), ((h as f64 * scale).round() as u32).max(1))
}

/// Luma (BT.601) of RGBA pixels, as a canvas `getImageData` gives them.
pub fn grey_from_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4).map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8).collect()
}

pub fn mean(grey: &[u8]) -> f64 {
    if grey.is_empty() {
        return 0.0;
    }
    grey.iter().map(|&v| v as f64).sum::<f64>() / grey.len() as f64
}

/// Variance of the 4-neighbour Laplacian over the inner pixels: edges make it large, blur
/// makes it small.
pub fn laplacian_variance(grey: &[u8], w: usize, h: usize) -> f64 {
    if w < 3 || h < 3 || grey.len() < w * h {
        return 0.0;
    }
    let at = |x: usize, y: usize| grey[y * w + x] as f64;
    let (mut sum, mut sum_sq, mut n) = (0.0, 0.0, 0.0);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let l = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y);
            sum += l;
            sum_sq += l * l;
            n += 1.0;
        }
    }
    let m = sum / n;
    sum_sq / n - m * m
}

/// The verdict for a photo whose original size is `w`×`h`, from its grey thumbnail.
pub fn assess(original_w: u32, original_h: u32, thumb: &[u8], tw: usize, th: usize) -> Quality {
    if original_w.min(original_h) < MIN_SHORT_EDGE {
        Quality::TooSmall
    } else if mean(thumb) < MIN_MEAN_LUMA {
        Quality::TooDark
    } else if laplacian_variance(thumb, tw, th) < MIN_SHARPNESS {
        Quality::Blurry
    } else {
        Quality::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Black text-like strokes on white: a sharp document.
    fn document(w: usize, h: usize) -> Vec<u8> {
        (0..w * h).map(|i| if (i % w) % 8 < 2 && (i / w) % 6 != 0 { 20 } else { 235 }).collect()
    }

    /// A box blur over the whole image (edges clamped), like an out-of-focus camera.
    fn box_blur(g: &[u8], w: usize, h: usize, r: usize) -> Vec<u8> {
        let r = r as isize;
        let px = |x: isize, y: isize| {
            g[(y.clamp(0, h as isize - 1) as usize) * w + x.clamp(0, w as isize - 1) as usize] as u32
        };
        let n = ((2 * r + 1) * (2 * r + 1)) as u32;
        (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w) as isize, (i / w) as isize);
                let s: u32 =
                    (-r..=r).flat_map(|dy| (-r..=r).map(move |dx| (dx, dy))).map(|(dx, dy)| px(x + dx, y + dy)).sum();
                (s / n) as u8
            })
            .collect()
    }

    #[test]
    fn photos_shrink_to_the_long_edge_and_keep_their_ratio() {
        assert_eq!(downscaled(4000, 3000, MAX_LONG_EDGE), (2400, 1800));
        assert_eq!(downscaled(3000, 4000, MAX_LONG_EDGE), (1800, 2400));
        assert_eq!(downscaled(1200, 900, MAX_LONG_EDGE), (1200, 900), "never enlarged");
        // 12 megapixels (4032×3024) to about 4.3: the bytes shrink with the pixels and JPEG 0.85.
        let (w, h) = downscaled(4032, 3024, MAX_LONG_EDGE);
        assert_eq!((w, h), (2400, 1800));
    }

    #[test]
    fn sharp_documents_pass_and_blurred_ones_do_not() {
        let (w, h) = (256, 192);
        let sharp = document(w, h);
        let blurred = box_blur(&box_blur(&sharp, w, h, 3), w, h, 3); // about a Gaussian of sigma 2.8
        let (vs, vb) = (laplacian_variance(&sharp, w, h), laplacian_variance(&blurred, w, h));
        assert!(vs > 10.0 * vb, "sharp {vs:.0} vs blurred {vb:.0}");
        assert_eq!(assess(3000, 2250, &sharp, w, h), Quality::Ok);
        assert_eq!(assess(3000, 2250, &blurred, w, h), Quality::Blurry);
        assert_eq!(assess(3000, 2250, &vec![128; w * h], w, h), Quality::Blurry, "a blank frame");
    }

    #[test]
    fn dark_and_small_photos_are_named() {
        let (w, h) = (256, 192);
        let dark: Vec<u8> = document(w, h).iter().map(|v| v / 8).collect();
        assert_eq!(assess(3000, 2250, &dark, w, h), Quality::TooDark);
        assert_eq!(assess(400, 300, &document(w, h), w, h), Quality::TooSmall);
    }

    #[test]
    fn luma_follows_bt601() {
        assert_eq!(grey_from_rgba(&[255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]), [255, 0, 76]);
    }
}
