# Generates src/test/resources/swinv2-reference (run: python3 swinv2_reference.py ../resources/swinv2-reference).
# A tiny random SwinV2 (3 stages, window 2, shifted windows in stages 0 and 1) in the timm key layout, and its
# logits from this numpy re-implementation of timm SwinTransformerV2 (float64), written independently of the
# Java code. Not a timm golden: it cross-checks the DJL plumbing (roll, windows, masks, merging, cpb bias).
import json, struct, numpy as np, math, os
rng = np.random.default_rng(7)
import sys
OUT = sys.argv[1] if len(sys.argv) > 1 else "."
img, embed, depths, heads, ws, classes = 32, 8, [1, 2, 1], [1, 2, 4], 2, 12
P = {}
def add(name, shape, kind="w"):
    if kind == "one": P[name] = np.ones(shape, np.float32) + rng.normal(0, 0.1, shape).astype(np.float32)
    elif kind == "b": P[name] = rng.normal(0, 0.1, shape).astype(np.float32)
    elif kind == "ls": P[name] = np.log(10 * np.ones(shape, np.float32)) + rng.normal(0, 0.3, shape).astype(np.float32)
    else: P[name] = rng.normal(0, 0.3 / math.sqrt(max(1, np.prod(shape[1:]))), shape).astype(np.float32)
add("patch_embed.proj.weight", (embed, 3, 4, 4)); add("patch_embed.proj.bias", (embed,), "b")
add("patch_embed.norm.weight", (embed,), "one"); add("patch_embed.norm.bias", (embed,), "b")
for s in range(len(depths)):
    c = embed << s
    if s > 0:
        add(f"layers.{s}.downsample.reduction.weight", (c, 2 * c)); add(f"layers.{s}.downsample.norm.weight", (c,), "one"); add(f"layers.{s}.downsample.norm.bias", (c,), "b")
    for b in range(depths[s]):
        p = f"layers.{s}.blocks.{b}."
        add(p + "attn.logit_scale", (heads[s], 1, 1), "ls"); add(p + "attn.q_bias", (c,), "b"); add(p + "attn.v_bias", (c,), "b")
        add(p + "attn.cpb_mlp.0.weight", (512, 2)); P[p + "attn.cpb_mlp.0.weight"] *= 3; add(p + "attn.cpb_mlp.0.bias", (512,), "b"); add(p + "attn.cpb_mlp.2.weight", (heads[s], 512))
        add(p + "attn.qkv.weight", (3 * c, c)); add(p + "attn.proj.weight", (c, c)); add(p + "attn.proj.bias", (c,), "b")
        add(p + "norm1.weight", (c,), "one"); add(p + "norm1.bias", (c,), "b")
        add(p + "mlp.fc1.weight", (4 * c, c)); add(p + "mlp.fc1.bias", (4 * c,), "b"); add(p + "mlp.fc2.weight", (c, 4 * c)); add(p + "mlp.fc2.bias", (c,), "b")
        add(p + "norm2.weight", (c,), "one"); add(p + "norm2.bias", (c,), "b")
last = embed << (len(depths) - 1)
add("norm.weight", (last,), "one"); add("norm.bias", (last,), "b"); add("head.fc.weight", (classes, last)); add("head.fc.bias", (classes,), "b")

def ln(x, w, b, eps=1e-5):
    x = x.astype(np.float64); m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b
def gelu_tanh(x): return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
def window_partition(x, w):
    B, H, W, C = x.shape
    x = x.reshape(B, H // w, w, W // w, w, C)
    return x.transpose(0, 1, 3, 2, 4, 5).reshape(-1, w, w, C)
def window_reverse(win, w, H, W):
    C = win.shape[-1]
    x = win.reshape(-1, H // w, W // w, w, w, C)
    return x.transpose(0, 1, 3, 2, 4, 5).reshape(-1, H, W, C)
def attention(x, p, w, nh, mask):
    B_, N, C = x.shape
    qkv_bias = np.concatenate([P[p + "q_bias"], np.zeros_like(P[p + "v_bias"]), P[p + "v_bias"]])
    qkv = x @ P[p + "qkv.weight"].T + qkv_bias
    qkv = qkv.reshape(B_, N, 3, nh, -1).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    qn = q / np.maximum(np.linalg.norm(q, axis=-1, keepdims=True), 1e-12)
    kn = k / np.maximum(np.linalg.norm(k, axis=-1, keepdims=True), 1e-12)
    attn = qn @ kn.swapaxes(-2, -1)
    attn = attn * np.exp(np.minimum(P[p + "logit_scale"], math.log(1 / 0.01)))
    rh = np.arange(-(w - 1), w, dtype=np.float32); rw = np.arange(-(w - 1), w, dtype=np.float32)
    table = np.stack(np.meshgrid(rh, rw, indexing="ij")).transpose(1, 2, 0)[None]
    table = table / (w - 1) * 8
    table = np.sign(table) * np.log2(np.abs(table) + 1.0) / math.log2(8)
    coords = np.stack(np.meshgrid(np.arange(w), np.arange(w), indexing="ij")).reshape(2, -1)
    rel = (coords[:, :, None] - coords[:, None, :]).transpose(1, 2, 0).copy()
    rel[:, :, 0] += w - 1; rel[:, :, 1] += w - 1; rel[:, :, 0] *= 2 * w - 1
    index = rel.sum(-1)
    hid = np.maximum(table.reshape(-1, 2) @ P[p + "cpb_mlp.0.weight"].T + P[p + "cpb_mlp.0.bias"], 0)
    bt = (hid @ P[p + "cpb_mlp.2.weight"].T).reshape(-1, nh)
    bias = bt[index.reshape(-1)].reshape(N, N, -1).transpose(2, 0, 1)
    attn = attn + 16 / (1 + np.exp(-bias))[None]
    if mask is not None:
        nW = mask.shape[0]
        attn = attn.reshape(-1, nW, nh, N, N) + mask[None, :, None]
        attn = attn.reshape(-1, nh, N, N)
    attn = np.exp(attn - attn.max(-1, keepdims=True)); attn /= attn.sum(-1, keepdims=True)
    x = (attn @ v).transpose(0, 2, 1, 3).reshape(B_, N, C)
    return x @ P[p + "proj.weight"].T + P[p + "proj.bias"]
def block(x, p, res, w, shift, nh):
    B, H, W, C = x.shape
    mask = None
    if shift > 0:
        img_mask = np.zeros((1, H, W, 1)); cnt = 0
        for h in (slice(0, -w), slice(-w, -shift), slice(-shift, None)):
            for ww in (slice(0, -w), slice(-w, -shift), slice(-shift, None)):
                img_mask[:, h, ww, :] = cnt; cnt += 1
        mw = window_partition(img_mask, w).reshape(-1, w * w)
        mask = mw[:, None, :] - mw[:, :, None]
        mask = np.where(mask != 0, -100.0, 0.0)
    sx = np.roll(x, (-shift, -shift), axis=(1, 2)) if shift > 0 else x
    win = window_partition(sx, w).reshape(-1, w * w, C)
    aw = attention(win, p + "attn.", w, nh, mask).reshape(-1, w, w, C)
    sx = window_reverse(aw, w, H, W)
    a = np.roll(sx, (shift, shift), axis=(1, 2)) if shift > 0 else sx
    x = x + ln(a, P[p + "norm1.weight"], P[p + "norm1.bias"])
    x = x.reshape(B, -1, C)
    m = gelu_tanh(x @ P[p + "mlp.fc1.weight"].T + P[p + "mlp.fc1.bias"]) @ P[p + "mlp.fc2.weight"].T + P[p + "mlp.fc2.bias"]
    x = x + ln(m, P[p + "norm2.weight"], P[p + "norm2.bias"])
    return x.reshape(B, H, W, C)
def conv_patch(x, wgt, bias, k):
    B, C, H, W = x.shape
    x = x.reshape(B, C, H // k, k, W // k, k).transpose(0, 2, 4, 1, 3, 5).reshape(B, H // k, W // k, C * k * k)
    return x @ wgt.reshape(wgt.shape[0], -1).T + bias  # NHWC
x_in = rng.uniform(-1, 1, (1, 3, img, img)).astype(np.float32)
x = conv_patch(x_in.astype(np.float64), P["patch_embed.proj.weight"], P["patch_embed.proj.bias"], 4)
x = ln(x, P["patch_embed.norm.weight"], P["patch_embed.norm.bias"])
for s in range(len(depths)):
    if s > 0:
        B, H, W, C = x.shape
        x = x.reshape(B, H // 2, 2, W // 2, 2, C).transpose(0, 1, 3, 4, 2, 5).reshape(B, H // 2, W // 2, 4 * C)
        x = ln(x @ P[f"layers.{s}.downsample.reduction.weight"].T, P[f"layers.{s}.downsample.norm.weight"], P[f"layers.{s}.downsample.norm.bias"])
    res = (img // 4) >> s; w = min(ws, res); sh = 0 if res <= ws else ws // 2
    for b in range(depths[s]):
        x = block(x, f"layers.{s}.blocks.{b}.", res, w, sh if b % 2 == 1 else 0, heads[s])
x = ln(x, P["norm.weight"], P["norm.bias"]).mean((1, 2))
logits = x @ P["head.fc.weight"].T + P["head.fc.bias"]
os.makedirs(os.path.join(OUT, "model"), exist_ok=True)
hdr = {}; off = 0; blobs = []
for k, v in P.items():
    b = v.astype("<f4").tobytes(); hdr[k] = {"dtype": "F32", "shape": list(v.shape), "data_offsets": [off, off + len(b)]}; off += len(b); blobs.append(b)
h = json.dumps(hdr).encode()
with open(os.path.join(OUT, "model/model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h))); f.write(h); [f.write(b) for b in blobs]
json.dump({"architecture": "swinv2_tiny_window8_256", "pretrained_cfg": {"input_size": [3, img, img]}, "num_classes": classes, "model_args": {"img_size": img, "window_size": ws, "act_layer": "gelu_tanh", "embed_dim": embed, "depths": depths, "num_heads": heads}}, open(os.path.join(OUT, "model/config.json"), "w"))
with open(os.path.join(OUT, "model/selected_tags.csv"), "w") as f:
    f.write("tag_id,name,category,count\n")
    for i in range(classes): f.write(f"{i},t{i},{9 if i < 4 else 0},1\n")
json.dump({"input": [float(v) for v in x_in.reshape(-1)], "logits": [float(v) for v in logits.reshape(-1)]}, open(os.path.join(OUT, "reference.json"), "w"))
print("logits", logits)
