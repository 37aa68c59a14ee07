#!/usr/bin/env python3
"""Adds the event-driven half (add-event-driven.py) and one flaw per stream lint rule to
resources/examples/ecommerce-flawed.json in place, leaving its other flaws as they are (the
committed flawed file has edits make-ecommerce-flawed.py does not reproduce). Idempotent on a
file without the stream flaws. Canonicalise afterwards with
`archsim-cli convert resources/examples/ecommerce-flawed.json OUT --force` and copy back."""
import json, os, subprocess, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'resources/examples/ecommerce-flawed.json')
subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             'add-event-driven.py'), path], check=True)
m = json.load(open(path))
C = {c['id']: c for c in m['components']}
L = {l['id']: l for l in m['links']}

def flaw(obj, rule, text):
    d = obj.get('description', '')
    if 'FLAW (' + rule + ')' not in d:
        obj['description'] = (d + ' ' if d else '') + 'FLAW (' + rule + '): ' + text

C['notification-worker']['replicas'] = 4
C['notification-worker']['workers'] = 4
flaw(C['notification-worker'], 'streams/consumers-beyond-partitions',
     '16 consumers read the 12 partitions of order-events: 4 sit idle.')
L['order-svc-order-events']['key']['by_key'] = False
flaw(C['order-svc'], 'streams/ordered-without-keys', 'publishes order events round robin '
     '(by_key false); the fulfilment tracker needs them in order per order.')
L['notification-worker-order-events']['consume'].pop('dead_letter', None)
C['order-events']['stream']['retention_s'] = 120
flaw(C['order-events'], 'streams/retention-below-catch-up', 'retention_s 120 is shorter than '
     'the consumer-outage scenario plus the catch-up after it.')
C['email-sender']['replicas'] = 1
C['email-sender']['workers'] = 1
flaw(C['email-sender'], 'streams/consumers-cannot-keep-up',
     'one sender at 400 ms per e-mail cannot keep up with 3 e-mails/s.')
L['fulfilment-tracker-order-events']['consume']['commit'] = 'auto'
old = 'catalog-svc-user-svc and user-svc-catalog-svc (reliability/sync-cycle).'
new = ('catalog-svc-user-svc and user-svc-catalog-svc (reliability/sync-cycle), '
       'notification-worker-order-events (streams/no-dead-letter), '
       'fulfilment-tracker-order-events (streams/auto-commit-loss).')
m['description'] = m['description'].replace(old, new)
json.dump(m, open(path, 'w'), indent=2, ensure_ascii=False)
open(path, 'a').write('\n')
