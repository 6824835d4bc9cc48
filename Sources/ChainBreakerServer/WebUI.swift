/// The one web page served at `/`: a token box (kept in sessionStorage), a risk lookup, the
/// recent warnings and links that open the reports as JSON. Inline CSS and JS, no external
/// resources; every call carries the token as a bearer header, so the page itself holds no data.
enum WebUI {
    static let html = """
    <!doctype html>
    <html lang="zh-CN"><head><meta charset="utf-8"><title>ChainBreaker 断链</title>
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
    <style>
    body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}
    h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
    input,select,button{font:inherit;padding:.25em .5em}
    pre{background:#f5f5f5;padding:.8em;overflow:auto;max-height:28em}
    .high{color:#b00}.medium{color:#a60}.low{color:#555}
    #who{color:#555;margin-left:1em}
    </style></head><body>
    <h1>ChainBreaker 断链</h1>
    <p><label>API token <input id="token" type="password" size="48" autocomplete="off"></label>
    <button id="save">Use</button><span id="who"></span></p>
    <h2>Risk lookup 风险查询</h2>
    <p><select id="kind"><option>account</option><option>phone</option><option>qq</option><option>wechat</option><option>url</option><option>app</option></select>
    <input id="value" size="32" placeholder="6222… / 138… / https://…"> <button id="lookup">Look up</button></p>
    <pre id="risk">—</pre>
    <h2>Recent warnings 预警 <button id="refresh">Refresh</button></h2>
    <div id="warnings">—</div>
    <h2>Reports</h2>
    <p><a href="#" data-r="/api/v1/gangs">Gangs 团伙</a> · <a href="#" data-r="/api/v1/link">Case links 串并案</a> ·
    <a href="#" data-r="/api/v1/rate?level=malicious&limit=200">Malicious accounts 涉诈账户</a> ·
    <a href="#" data-r="/api/v1/audit?limit=50">Audit log</a> · <a href="/openapi.json">OpenAPI</a></p>
    <pre id="report">—</pre>
    <script>
    const $=id=>document.getElementById(id);
    $('token').value=sessionStorage.getItem('cbToken')||'';
    async function api(path){
      const r=await fetch(path,{headers:{'Authorization':'Bearer '+$('token').value.trim()}});
      const t=await r.text();
      try{return {ok:r.ok,status:r.status,body:JSON.parse(t)}}catch(e){return {ok:r.ok,status:r.status,body:t}}
    }
    function show(el,r){el.textContent=(r.ok?'':r.status+' ')+JSON.stringify(r.body,null,2)}
    async function who(){const r=await api('/api/v1/whoami');$('who').textContent=r.ok?r.body.user+' ('+r.body.role+')':'not signed in'}
    $('save').onclick=()=>{sessionStorage.setItem('cbToken',$('token').value.trim());who();warnings()};
    $('lookup').onclick=async()=>{
      const v=$('value').value.trim(); if(!v)return;
      show($('risk'),await api('/api/v1/risk/'+$('kind').value+'/'+encodeURIComponent(v)));
    };
    let last=0;
    async function warnings(){
      const r=await api('/api/v1/warnings?after=0&limit=50');
      const box=$('warnings'); box.textContent='';
      if(!r.ok){box.textContent=r.status+' '+(r.body.error?r.body.error.message:'');return}
      if(!r.body.warnings.length){box.textContent='none';return}
      for(const it of r.body.warnings.slice().reverse()){
        const w=it.warning,p=document.createElement('p');
        const b=document.createElement('b');b.className=w.level;b.textContent=w.level+' '+w.action;
        p.append(b,' '+(w.subject||'')+' — '+(w.reasons||[]).join('; '));box.append(p);
      }
    }
    $('refresh').onclick=warnings;
    document.querySelectorAll('a[data-r]').forEach(a=>a.onclick=async e=>{e.preventDefault();$('report').textContent='…';show($('report'),await api(a.dataset.r))});
    if($('token').value){who();warnings()}
    </script></body></html>
    """
}
