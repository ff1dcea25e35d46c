#!/usr/bin/env python3
"""Hugging Face transformers' T5 on the batches bench/t5_step.cpp times, on the same machine:
forward+backward median seconds (fp32 and bf16 autocast) for the same preset sizes, so gensr's
LibTorch T5 can be compared with the reference implementation. Needs torch and transformers
(present on the GPU machine, absent here). Usage:
  bench/hf_t5_step.py --device cuda --models flan-t5-base --batch 64 --steps 10
"""
import argparse
import statistics
import time

import torch
from transformers import T5Config, T5ForConditionalGeneration

PRESETS = {  # src/model/t5_config.cpp
    "tiny": dict(d_model=64, d_kv=16, d_ff=128, num_heads=4, num_layers=2, num_decoder_layers=2),
    "flan-t5-small": dict(d_model=512, d_kv=64, d_ff=1024, num_heads=6, num_layers=8,
                          num_decoder_layers=8),
    "flan-t5-base": dict(d_model=768, d_kv=64, d_ff=2048, num_heads=12, num_layers=12,
                         num_decoder_layers=12),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--models", default="tiny,flan-t5-base")
    ap.add_argument("--dtypes", default="fp32,bf16")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--src-len", type=int, default=32)
    ap.add_argument("--tgt-len", type=int, default=2)
    ap.add_argument("--vocab", type=int, default=32128)
    ap.add_argument("--steps", type=int, default=5)
    a = ap.parse_args()
    torch.manual_seed(0)
    dev = torch.device(a.device)
    print(f"transformers T5, torch {torch.__version__}, device {dev}, batch {a.batch}, "
          f"src {a.src_len}, tgt {a.tgt_len}, vocab {a.vocab}, dropout 0.1, "
          f"median of {a.steps} steps")
    print("\n| model | dtype | params (M) | step s | loss |\n|---|---|---|---|---|")
    for name in a.models.split(","):
        cfg = T5Config(vocab_size=a.vocab, feed_forward_proj="gated-gelu", pad_token_id=0,
                       eos_token_id=1, decoder_start_token_id=0,
                       tie_word_embeddings=False, dropout_rate=0.1, **PRESETS[name])
        model = T5ForConditionalGeneration(cfg).to(dev).train()
        ids = torch.randint(3, a.vocab, (a.batch, a.src_len), device=dev)
        mask = torch.ones_like(ids)
        labels = torch.randint(3, a.vocab, (a.batch, a.tgt_len), device=dev)
        params = sum(p.numel() for p in model.parameters()) / 1e6
        for dtype in a.dtypes.split(","):
            times = []
            for i in range(a.steps + 1):  # the first step is a warm-up
                model.zero_grad()
                t0 = time.perf_counter()
                with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dtype == "bf16"):
                    loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
                loss.backward()
                value = loss.item()  # waits for the device
                if i > 0:
                    times.append(time.perf_counter() - t0)
            print(f"| {name} | {dtype} | {params:.1f} | {statistics.median(times):.4f} | "
                  f"{value:.3f} |", flush=True)


if __name__ == "__main__":
    main()
