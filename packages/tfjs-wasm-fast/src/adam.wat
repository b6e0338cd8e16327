;; Adam's update in one pass, 4 float32 lanes at a time (wasm SIMD), over the wasm backend's own
;; memory (imported; MEMORY is replaced by "1 65536 shared" or "1" to match the backend's build):
;;   m' = β₁ m + (1 − β₁) g
;;   v' = β₂ v + (1 − β₂) g²
;;   θ' = θ + (−η) (m' r₁) / (√(v' r₂) + ε),   r₁ = 1 / (1 − β₁ᵗ), r₂ = 1 / (1 − β₂ᵗ)
;; Pointers are byte offsets; m' and v' may be m and v (in place). The last n mod 4 run scalar.
;; Assembled into adam-wasm.ts by `npm run wasm-kernels` (tools/wasm-kernels.ts).
(module
  (import "env" "memory" (memory MEMORY))
  (func (export "adam")
    (param $g i32) (param $m i32) (param $v i32) (param $th i32)
    (param $mOut i32) (param $vOut i32) (param $thOut i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $c1 f32) (param $c2 f32)
    (param $r1 f32) (param $r2 f32) (param $lr f32) (param $eps f32)
    (local $i i32) (local $end i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (f32x4.splat (local.get $b1)))
          (f32x4.mul (local.get $gi) (f32x4.splat (local.get $c1)))))
        (local.set $vi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (f32x4.splat (local.get $b2)))
          (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (f32x4.splat (local.get $c2)))))
        (v128.store (i32.add (local.get $mOut) (local.get $i)) (local.get $mi))
        (v128.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vi))
        (v128.store (i32.add (local.get $thOut) (local.get $i))
          (f32x4.add (v128.load (i32.add (local.get $th) (local.get $i)))
            (f32x4.div
              (f32x4.mul (f32x4.splat (local.get $lr)) (f32x4.mul (local.get $mi) (f32x4.splat (local.get $r1))))
              (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vi) (f32x4.splat (local.get $r2)))) (f32x4.splat (local.get $eps))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vloop)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $sdone
      (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $mOut) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $thOut) (local.get $i))
          (f32.add (f32.load (i32.add (local.get $th) (local.get $i)))
            (f32.div
              (f32.mul (local.get $lr) (f32.mul (local.get $ms) (local.get $r1)))
              (f32.add (f32.sqrt (f32.mul (local.get $vs) (local.get $r2))) (local.get $eps)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $sloop)))))
