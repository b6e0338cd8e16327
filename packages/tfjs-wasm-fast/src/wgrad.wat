;; Sums of products in 4 × 8 output blocks (wasm SIMD) over the wasm backend's own memory (imported;
;; MEMORY is replaced by "1 65536 shared" or "1"). Both functions share the block: four scalars of a
;; (splat) times two vectors of b, accumulated in eight vector registers.
;;
;; wgrad, a weight gradient, the sum over rows of outer products:
;;   out[c, o] += Σ_{n < N, j < J} a[n, j, c] · b[n, j, o]        for c0 ≤ c < c1, o0 ≤ o < o1
;; with a's row (n, j) at byte offset a + n·aLine + j·4C and b's at b + n·bLine + j·4O, out [C, O]
;; row-major. A filter gradient's tap (u, v) is one call: n runs over the image lines (b, i),
;; j over the J = OW pixels of a line, a is the padded input shifted by the tap. A dense layer's
;; ∂L/∂W = Xᵀ·∂L/∂Y is one call with its rows cut into lines. Each line's rows stay in L1 while all
;; output blocks pass over them; the output block is loaded and stored once per line.
;;
;; conv, one filter tap of a stride-1 convolution, line by line:
;;   out[n, p, o] += Σ_{j < J} a[n, p, j] · b[n, j, o]             for p0 ≤ p < p1, o0 ≤ o < o1, n < N
;; with a(n, p, j) at a + n·aLine + p·pStep + 4j (pixel p's J input channels, in the input shifted
;; by the tap), b(n, j, o) at b + n·bLine + 4(j·O + o) (the tap's [J, O] weights; bLine 0 for a
;; convolution) and out(n, p, o) at out + n·outLine + 4(p·O + o) (output line n). The tap's weights
;; stay in L1 while all blocks of a line pass over them. Two flags spare a layer's first and last
;; passes over its output: `fresh` ≠ 0 starts the sums at 0 instead of out (out need not be zeroed
;; first), and `bias` ≠ 0, the byte offset of a vector [O], adds bias[o] to each sum as it is stored
;; (the last segment of a layer with a bias: the same float operations as adding it afterwards).
;;
;; c1 − c0 and p1 − p0 must be multiples of 4 and o1 − o0 of 8, N and J at least 1 (the caller
;; checks). Assembled into wgrad-wasm.ts by `npm run wasm-kernels` (tools/wasm-kernels.ts).
(module
  (import "env" "memory" (memory MEMORY))
  (func (export "wgrad")
    (param $a i32) (param $b i32) (param $out i32)
    (param $N i32) (param $J i32) (param $C i32) (param $O i32)
    (param $aLine i32) (param $bLine i32)
    (param $c0 i32) (param $c1 i32) (param $o0 i32) (param $o1 i32)
    (local $n i32) (local $c i32) (local $o i32) (local $j i32)
    (local $pa i32) (local $pb i32) (local $pout i32) (local $xa i32) (local $yb i32)
    (local $aStep i32) (local $bStep i32) (local $outRow i32)
    (local $y0 v128) (local $y1 v128) (local $s v128)
    (local $r00 v128) (local $r01 v128) (local $r10 v128) (local $r11 v128)
    (local $r20 v128) (local $r21 v128) (local $r30 v128) (local $r31 v128)
    (local.set $aStep (i32.shl (local.get $C) (i32.const 2))) ;; bytes per a row
    (local.set $bStep (i32.shl (local.get $O) (i32.const 2))) ;; bytes per b row, and per out row
    (local.set $outRow (local.get $bStep))
    (loop $lines
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $n) (local.get $aLine))))
      (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $bLine))))
      (local.set $c (local.get $c0))
      (loop $cblocks
        (local.set $o (local.get $o0))
        (loop $oblocks
          ;; out[c … c+3, o … o+7]: rows at $pout + k·outRow, two vectors each
          (local.set $pout (i32.add (local.get $out)
            (i32.shl (i32.add (i32.mul (local.get $c) (local.get $O)) (local.get $o)) (i32.const 2))))
          (local.set $r00 (v128.load (local.get $pout)))
          (local.set $r01 (v128.load offset=16 (local.get $pout)))
          (local.set $r10 (v128.load (i32.add (local.get $pout) (local.get $outRow))))
          (local.set $r11 (v128.load offset=16 (i32.add (local.get $pout) (local.get $outRow))))
          (local.set $r20 (v128.load (i32.add (local.get $pout) (i32.shl (local.get $outRow) (i32.const 1)))))
          (local.set $r21 (v128.load offset=16 (i32.add (local.get $pout) (i32.shl (local.get $outRow) (i32.const 1)))))
          (local.set $r30 (v128.load (i32.add (local.get $pout) (i32.mul (local.get $outRow) (i32.const 3)))))
          (local.set $r31 (v128.load offset=16 (i32.add (local.get $pout) (i32.mul (local.get $outRow) (i32.const 3)))))
          (local.set $xa (i32.add (local.get $pa) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $yb (i32.add (local.get $pb) (i32.shl (local.get $o) (i32.const 2))))
          (local.set $j (i32.const 0))
          (loop $pixels
            (local.set $y0 (v128.load (local.get $yb)))
            (local.set $y1 (v128.load offset=16 (local.get $yb)))
            (local.set $s (v128.load32_splat (local.get $xa)))
            (local.set $r00 (f32x4.add (local.get $r00) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r01 (f32x4.add (local.get $r01) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat offset=4 (local.get $xa)))
            (local.set $r10 (f32x4.add (local.get $r10) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r11 (f32x4.add (local.get $r11) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat offset=8 (local.get $xa)))
            (local.set $r20 (f32x4.add (local.get $r20) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r21 (f32x4.add (local.get $r21) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat offset=12 (local.get $xa)))
            (local.set $r30 (f32x4.add (local.get $r30) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r31 (f32x4.add (local.get $r31) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $xa (i32.add (local.get $xa) (local.get $aStep)))
            (local.set $yb (i32.add (local.get $yb) (local.get $bStep)))
            (br_if $pixels (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $J))))
          (v128.store (local.get $pout) (local.get $r00))
          (v128.store offset=16 (local.get $pout) (local.get $r01))
          (v128.store (i32.add (local.get $pout) (local.get $outRow)) (local.get $r10))
          (v128.store offset=16 (i32.add (local.get $pout) (local.get $outRow)) (local.get $r11))
          (v128.store (i32.add (local.get $pout) (i32.shl (local.get $outRow) (i32.const 1))) (local.get $r20))
          (v128.store offset=16 (i32.add (local.get $pout) (i32.shl (local.get $outRow) (i32.const 1))) (local.get $r21))
          (v128.store (i32.add (local.get $pout) (i32.mul (local.get $outRow) (i32.const 3))) (local.get $r30))
          (v128.store offset=16 (i32.add (local.get $pout) (i32.mul (local.get $outRow) (i32.const 3))) (local.get $r31))
          (br_if $oblocks (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 8))) (local.get $o1))))
        (br_if $cblocks (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 4))) (local.get $c1))))
      (br_if $lines (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $N)))))
  (func (export "conv")
    (param $a i32) (param $b i32) (param $out i32) (param $N i32) (param $J i32) (param $O i32)
    (param $aLine i32) (param $bLine i32) (param $outLine i32) (param $pStep i32) (param $fresh i32) (param $bias i32)
    (param $p0 i32) (param $p1 i32) (param $o0 i32) (param $o1 i32)
    (local $n i32) (local $p i32) (local $o i32) (local $j i32)
    (local $pa i32) (local $pb i32) (local $po i32) (local $pout i32) (local $yb i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $row i32)
    (local $y0 v128) (local $y1 v128) (local $s v128)
    (local $r00 v128) (local $r01 v128) (local $r10 v128) (local $r11 v128)
    (local $r20 v128) (local $r21 v128) (local $r30 v128) (local $r31 v128)
    (local.set $row (i32.shl (local.get $O) (i32.const 2))) ;; bytes per b row and per out row
    (loop $lines
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $n) (local.get $aLine))))
      (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $n) (local.get $bLine))))
      (local.set $po (i32.add (local.get $out) (i32.mul (local.get $n) (local.get $outLine))))
      (local.set $p (local.get $p0))
      (loop $pblocks
        (local.set $o (local.get $o0))
        (loop $oblocks
          ;; out[n, p … p+3, o … o+7]: rows at $pout + k·row, two vectors each
          (local.set $pout (i32.add (local.get $po)
            (i32.shl (i32.add (i32.mul (local.get $p) (local.get $O)) (local.get $o)) (i32.const 2))))
          (if (local.get $fresh)
            (then
              (local.set $r00 (v128.const i32x4 0 0 0 0)) (local.set $r01 (local.get $r00))
              (local.set $r10 (local.get $r00)) (local.set $r11 (local.get $r00))
              (local.set $r20 (local.get $r00)) (local.set $r21 (local.get $r00))
              (local.set $r30 (local.get $r00)) (local.set $r31 (local.get $r00)))
            (else
              (local.set $r00 (v128.load (local.get $pout)))
              (local.set $r01 (v128.load offset=16 (local.get $pout)))
              (local.set $r10 (v128.load (i32.add (local.get $pout) (local.get $row))))
              (local.set $r11 (v128.load offset=16 (i32.add (local.get $pout) (local.get $row))))
              (local.set $r20 (v128.load (i32.add (local.get $pout) (i32.shl (local.get $row) (i32.const 1)))))
              (local.set $r21 (v128.load offset=16 (i32.add (local.get $pout) (i32.shl (local.get $row) (i32.const 1)))))
              (local.set $r30 (v128.load (i32.add (local.get $pout) (i32.mul (local.get $row) (i32.const 3)))))
              (local.set $r31 (v128.load offset=16 (i32.add (local.get $pout) (i32.mul (local.get $row) (i32.const 3)))))))
          ;; the four pixels' input channels, one scalar of each per step
          (local.set $x0 (i32.add (local.get $pa) (i32.mul (local.get $p) (local.get $pStep))))
          (local.set $x1 (i32.add (local.get $x0) (local.get $pStep)))
          (local.set $x2 (i32.add (local.get $x1) (local.get $pStep)))
          (local.set $x3 (i32.add (local.get $x2) (local.get $pStep)))
          (local.set $yb (i32.add (local.get $pb) (i32.shl (local.get $o) (i32.const 2))))
          (local.set $j (i32.const 0))
          (loop $channels
            (local.set $y0 (v128.load (local.get $yb)))
            (local.set $y1 (v128.load offset=16 (local.get $yb)))
            (local.set $s (v128.load32_splat (local.get $x0)))
            (local.set $r00 (f32x4.add (local.get $r00) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r01 (f32x4.add (local.get $r01) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat (local.get $x1)))
            (local.set $r10 (f32x4.add (local.get $r10) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r11 (f32x4.add (local.get $r11) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat (local.get $x2)))
            (local.set $r20 (f32x4.add (local.get $r20) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r21 (f32x4.add (local.get $r21) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $s (v128.load32_splat (local.get $x3)))
            (local.set $r30 (f32x4.add (local.get $r30) (f32x4.mul (local.get $s) (local.get $y0))))
            (local.set $r31 (f32x4.add (local.get $r31) (f32x4.mul (local.get $s) (local.get $y1))))
            (local.set $x0 (i32.add (local.get $x0) (i32.const 4)))
            (local.set $x1 (i32.add (local.get $x1) (i32.const 4)))
            (local.set $x2 (i32.add (local.get $x2) (i32.const 4)))
            (local.set $x3 (i32.add (local.get $x3) (i32.const 4)))
            (local.set $yb (i32.add (local.get $yb) (local.get $row)))
            (br_if $channels (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $J))))
          (if (local.get $bias)
            (then
              (local.set $y0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $o) (i32.const 2)))))
              (local.set $y1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $o) (i32.const 2)))))
              (local.set $r00 (f32x4.add (local.get $r00) (local.get $y0)))
              (local.set $r01 (f32x4.add (local.get $r01) (local.get $y1)))
              (local.set $r10 (f32x4.add (local.get $r10) (local.get $y0)))
              (local.set $r11 (f32x4.add (local.get $r11) (local.get $y1)))
              (local.set $r20 (f32x4.add (local.get $r20) (local.get $y0)))
              (local.set $r21 (f32x4.add (local.get $r21) (local.get $y1)))
              (local.set $r30 (f32x4.add (local.get $r30) (local.get $y0)))
              (local.set $r31 (f32x4.add (local.get $r31) (local.get $y1)))))
          (v128.store (local.get $pout) (local.get $r00))
          (v128.store offset=16 (local.get $pout) (local.get $r01))
          (v128.store (i32.add (local.get $pout) (local.get $row)) (local.get $r10))
          (v128.store offset=16 (i32.add (local.get $pout) (local.get $row)) (local.get $r11))
          (v128.store (i32.add (local.get $pout) (i32.shl (local.get $row) (i32.const 1))) (local.get $r20))
          (v128.store offset=16 (i32.add (local.get $pout) (i32.shl (local.get $row) (i32.const 1))) (local.get $r21))
          (v128.store (i32.add (local.get $pout) (i32.mul (local.get $row) (i32.const 3))) (local.get $r30))
          (v128.store offset=16 (i32.add (local.get $pout) (i32.mul (local.get $row) (i32.const 3))) (local.get $r31))
          (br_if $oblocks (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 8))) (local.get $o1))))
        (br_if $pblocks (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $p1))))
      (br_if $lines (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $N))))))
