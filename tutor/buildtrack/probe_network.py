"""The probe's nn.py cases: a Neuron, Layer and MLP and their parameters, the training loop.

Part of the child side of a check (see ``probe``): standard library only, it imports
nothing of the tutor, and it is loaded by ``probe`` from its path.
"""


class NetworkCases:
    """Mixed into ``probe.Probe``, whose ``call``, ``number``, ``attr``, ``is_value`` and
    ``shown`` these use."""

    def neuron_parts(self, n, nin, where):
        w, b = self.attr(n, "w"), self.attr(n, "b")
        if not isinstance(w, list) or len(w) != nin or not all(self.is_value(x) for x in w):
            return None, {"shape": f"{where}.w should be a list of {nin} Values",
                          "got": self.shown(w), "count": len(w) if isinstance(w, list) else None,
                          "plain": isinstance(w, list) and not any(self.is_value(x) for x in w)}
        if not self.is_value(b):
            return None, {"shape": f"{where}.b should be a Value", "got": self.shown(b)}
        return (w, b), None

    def probe_neuron(self, request, loaded):
        Neuron = getattr(loaded["micrograd.nn"], "Neuron", None)
        if not isinstance(Neuron, type):
            return {"missing": "Neuron", "file": "micrograd/nn.py"}
        results = []
        for case in request["cases"]:
            nin = len(case["x"])
            n, err = self.call(f"Neuron({nin})", "Neuron.__init__", Neuron, nin)
            if err:
                return {"error": err}
            parts, bad = self.neuron_parts(n, nin, f"Neuron({nin})")
            if bad:
                return bad
            w, b = parts
            start = [self.number(self.attr(p, "data")) for p in w + [b]]
            for p, value in zip(w + [b], case["w"] + [case["b"]]):
                p.data = value
            out, err = self.call(f"Neuron({nin})({case['x']})", "Neuron.__call__", n,
                                 case["x"])
            if err:
                return {"error": err}
            if not self.is_value(out):
                return {"shape": f"Neuron({nin})(x) should return one Value",
                        "got": self.shown(out)}
            _, err = self.call("out.backward()", "backward", out.backward)
            if err:
                return {"error": err}
            results.append({"start": start, "out": self.number(out.data),
                            "grads": [self.number(self.attr(p, "grad")) for p in w + [b]]})
        return {"cases": results}

    def build_mlp(self, nn, nin, nouts):
        MLP = getattr(nn, "MLP", None)
        if not isinstance(MLP, type):
            return None, {"missing": "MLP", "file": "micrograd/nn.py"}
        model, err = self.call(f"MLP({nin}, {nouts})", "MLP.__init__", MLP, nin, nouts)
        if err:
            return None, {"error": err}
        layers = self.attr(model, "layers")
        if not isinstance(layers, list) or len(layers) != len(nouts):
            return None, {"shape": f"MLP({nin}, {nouts}).layers should be a list of "
                                   f"{len(nouts)} Layers", "got": self.shown(layers)}
        params = []
        sizes = [nin] + list(nouts)
        for i, layer in enumerate(layers):
            neurons = self.attr(layer, "neurons")
            if not isinstance(neurons, list) or len(neurons) != sizes[i + 1]:
                return None, {"shape": f"layers[{i}].neurons should be a list of "
                                       f"{sizes[i + 1]} Neurons", "got": self.shown(neurons),
                              "count": len(neurons) if isinstance(neurons, list) else None}
            for j, n in enumerate(neurons):
                parts, bad = self.neuron_parts(n, sizes[i], f"layers[{i}].neurons[{j}]")
                if bad:
                    return None, bad
                params += parts[0] + [parts[1]]
        return (model, params), None

    def parameters_of(self, obj, what):
        got, err = self.call(f"{what}.parameters()", "parameters", obj.parameters)
        if err:
            return None, err
        try:
            return list(got), None
        except BaseException as e:
            return None, self.error(e, f"{what}.parameters()", "parameters")

    def probe_mlp(self, request, loaded):
        nn = loaded["micrograd.nn"]
        out = {}
        Layer, Neuron = getattr(nn, "Layer", None), getattr(nn, "Neuron", None)
        if not isinstance(Layer, type):
            return {"missing": "Layer", "file": "micrograd/nn.py"}
        for what, make, size in (("Neuron(3)", lambda: Neuron(3), 4),
                                 ("Layer(3, 4)", lambda: Layer(3, 4), 16)):
            obj, err = self.call(what, what.split("(")[0] + ".__init__", make)
            if err:
                return {"error": err}
            if not callable(self.attr(obj, "parameters")):
                return {"missing": f"{what.split('(')[0]}.parameters", "file": "micrograd/nn.py"}
            params, err = self.parameters_of(obj, what)
            if err:
                return {"error": err}
            out[what] = {"count": len(params), "values": all(self.is_value(p) for p in params),
                         "unique": len({id(p) for p in params})}
        layer, err = self.call("Layer(3, 4)", "Layer.__init__", Layer, 3, 4)
        if err:
            return {"error": err}
        outs, err = self.call(f"Layer(3, 4)({request['x']})", "Layer.__call__", layer,
                              request["x"])
        if err:
            return {"error": err}
        out["layer_out"] = (len(outs) if isinstance(outs, list) and
                            all(self.is_value(o) for o in outs) else self.shown(outs))
        built, bad = self.build_mlp(nn, 3, request["nouts"])
        if bad:
            return bad
        model, params = built
        for p, value in zip(params, request["params"]):
            p.data = value
        listed, err = self.parameters_of(model, f"MLP(3, {request['nouts']})")
        if err:
            return {"error": err}
        mine = {id(p) for p in params}
        out["params"] = {"count": len(listed), "unique": len({id(p) for p in listed}),
                         "all_listed": mine <= {id(p) for p in listed},
                         "extra": len({id(p) for p in listed} - mine)}
        y, err = self.call(f"model({request['x']})", "MLP.__call__", model, request["x"])
        if err:
            return {"error": err}
        if not self.is_value(y):
            out["out_shape"] = self.shown(y)
            return out
        _, err = self.call("model(x).backward()", "backward", y.backward)
        if err:
            return {"error": err}
        out["out"] = self.number(y.data)
        out["grads"] = [self.number(self.attr(p, "grad")) for p in params]
        return out

    def probe_train(self, request, loaded):
        train = getattr(loaded["train"], "train", None)
        if not callable(train):
            return {"missing": "train", "file": "train.py"}
        built, bad = self.build_mlp(loaded["micrograd.nn"], 3, request["nouts"])
        if bad:
            return bad
        model, params = built
        for p, value in zip(params, request["params"]):
            p.data = value
        losses, err = self.call(f"train(model, xs, ys, steps={request['steps']}, "
                                f"lr={request['lr']})", "train", train, model, request["xs"],
                                request["ys"], request["steps"], request["lr"])
        if err:
            return {"error": err}
        try:
            losses = [self.number(self.attr(x, "data") if self.is_value(x) else x)
                      for x in losses]
        except BaseException:
            return {"shape": "train() should return a list of the losses",
                    "got": self.shown(losses)}
        return {"losses": losses,
                "params": [self.number(self.attr(p, "data")) for p in params]}
